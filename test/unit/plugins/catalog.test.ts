import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRegistry, credentialFields, pluginCatalog } from "~/plugins/catalog";
import { manualPlugin } from "~/plugins/manual";
import type { FulfillmentPlugin } from "~/plugins/port";
import { registry } from "~/plugins/registry";
import { shipstationPlugin } from "~/plugins/shipstation";

describe("credentialFields", () => {
  it("takes labels from .describe(), secrecy from .meta() or the field's name, in key order", () => {
    const schema = z.object({
      accountId: z.string().describe("Account number"),
      apiToken: z.string().describe("API token").meta({ helpText: "Settings → API" }),
      region: z.string().optional(),
      publicKey: z.string().describe("Public key").meta({ secret: false }),
    });
    expect(credentialFields(schema)).toEqual([
      { name: "accountId", label: "Account number", secret: false },
      { name: "apiToken", label: "API token", secret: true, helpText: "Settings → API" },
      { name: "region", label: "region", secret: false },
      { name: "publicKey", label: "Public key", secret: false },
    ]);
  });

  it("gives ShipStation a key and a secret field and the manual plugin none", () => {
    expect(shipstationPlugin.fields.map((f) => [f.name, f.label, f.secret])).toEqual([
      ["apiKey", "API Key", false],
      ["apiSecret", "API Secret", true],
    ]);
    expect(manualPlugin.fields).toEqual([]);
  });
});

describe("createRegistry and pluginCatalog", () => {
  it("refuses a kind registered twice or malformed", () => {
    expect(() => createRegistry([manualPlugin, manualPlugin])).toThrow(/registered twice/);
    expect(() => createRegistry([{ ...manualPlugin, kind: "Bad Kind" }])).toThrow(/must be lowercase/);
  });

  it("holds ShipStation, ShipBob, the manual plugin, the pull API and partner stores by default", () => {
    expect([...registry.keys()]).toEqual(["shipstation", "shipbob", "manual", "pull-api", "partner-store"]);
    expect(pluginCatalog(registry).every((entry) => entry.fields.every((f) => f.name && f.label))).toBe(true);
  });

  it("lists plain data for the admin: no schema, no connect function, no credentials", () => {
    const registry = createRegistry([shipstationPlugin, manualPlugin] as FulfillmentPlugin<unknown>[]);
    const catalog = pluginCatalog(registry);
    expect(catalog.map((c) => c.kind)).toEqual(["shipstation", "manual"]);
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    for (const entry of catalog) {
      expect(Object.keys(entry).sort()).toEqual(["description", "fields", "kind", "logo", "mode", "title"]);
    }
  });
});

describe("the manual plugin", () => {
  it("keeps our id as the reference and never reports shipments", async () => {
    const client = manualPlugin.connect({}, {
      connectionId: "c1",
      shopId: "s1",
      fetch,
      appUrl: "http://127.0.0.1:1",
      sleep: async () => {},
      now: () => new Date(),
    });
    await client.verify();
    const part = {
      fulfillmentId: "ful_1",
      order: { id: "o1", platformOrderId: "1", name: "#1001", placedAt: new Date().toISOString(), customerEmail: null, shipTo: null },
      lines: [{ lineId: "l1", sku: "A", title: "A", quantity: 1 }],
    };
    expect(await client.submit(part)).toEqual({ clientFulfillmentId: "ful_1" });
    expect(await client.shipmentsSince("c")).toEqual({ shipments: [], cursor: "c" });
    expect(manualPlugin.credentials.safeParse({}).success).toBe(true);
  });
});

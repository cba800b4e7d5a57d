// shopify.app.toml and the code agree: Admin API 2026-10, the scopes, and one route per
// subscribed topic at /webhooks/<topic>, with the three compliance topics.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_SCOPES } from "~/lib/env.server";
import { createTestDb, type TestDb } from "../../support/db";

const root = resolve(import.meta.dirname, "..", "..", "..");
const toml = z
  .object({
    embedded: z.boolean(),
    access_scopes: z.object({ scopes: z.string() }),
    auth: z.object({ redirect_urls: z.array(z.url()) }),
    webhooks: z.object({
      api_version: z.string(),
      subscriptions: z.array(
        z
          .object({ topics: z.array(z.string()).optional(), compliance_topics: z.array(z.string()).optional(), uri: z.string() })
          .strict(),
      ),
    }),
  })
  .parse(parse(readFileSync(resolve(root, "shopify.app.toml"), "utf8")));

let t: TestDb;
let apiVersion: string;
let topics: readonly string[];

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  // imported after DATABASE_URL points at a migrated database (the session storage checks its table)
  ({ apiVersion } = await import("~/shopify.server"));
  topics = (await import("~/lib/shopify-webhooks.server")).SHOPIFY_WEBHOOK_TOPICS;
});

afterAll(async () => {
  await t?.close();
});

describe("shopify.app.toml", () => {
  it("pins Admin API 2026-10, as the app does", () => {
    expect(toml.webhooks.api_version).toBe("2026-10");
    expect(apiVersion).toBe("2026-10");
    expect(toml.embedded).toBe(true);
  });

  it("asks for the scopes the code defaults to, and no others", () => {
    expect(toml.access_scopes.scopes.split(",")).toEqual([...DEFAULT_SCOPES]);
  });

  it("subscribes each topic once at /webhooks/<topic>, each served by a route", () => {
    const subscribed = toml.webhooks.subscriptions.flatMap((s) => {
      const topics = [...(s.topics ?? []), ...(s.compliance_topics ?? [])];
      expect(topics).toHaveLength(1);
      expect(s.uri).toBe(`/webhooks/${topics[0]}`);
      return topics;
    });
    expect(subscribed.sort()).toEqual([...topics].sort());
    for (const topic of subscribed) {
      expect(existsSync(resolve(root, "app", "routes", `webhooks.${topic.replace("/", ".")}.tsx`)), topic).toBe(true);
    }
    const compliance = toml.webhooks.subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });
});

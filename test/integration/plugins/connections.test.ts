// The connection use cases over a real database and the ShipStation stand-in.
import { DatabaseSync } from "node:sqlite";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createKeyring } from "~/lib/crypto.server";
import { sqlitePath } from "~/lib/node-sqlite-adapter.server";
import { credentialFields, pluginCatalog } from "~/plugins/catalog";
import { manualPlugin } from "~/plugins/manual";
import type { FulfillmentPart, FulfillmentPlugin } from "~/plugins/port";
import { createShipStationPlugin } from "~/plugins/shipstation";
import { activateConnection } from "~/use-cases/activateConnection";
import { assignProducts } from "~/use-cases/assignProducts";
import type { AppContext } from "~/use-cases/context";
import { deactivateConnection } from "~/use-cases/deactivateConnection";
import {
  ConflictError,
  CredentialsRejectedError,
  FulfillerUnavailableError,
  NotFoundError,
  ValidationError,
} from "~/use-cases/errors";
import { listConnections } from "~/use-cases/listConnections";
import { replaceCredentials } from "~/use-cases/replaceCredentials";
import { sendTestOrder } from "~/use-cases/sendTestOrder";
import { setDefaultConnection } from "~/use-cases/setDefaultConnection";
import { connectionClient } from "~/use-cases/shared/connectionClient";
import { type ShipStationStandIn, startShipStationStandIn } from "../../../sandbox/shipstation";
import { createTestDb, type TestDb } from "../../support/db";
import { createShop, newKey, testContext, testKeyring } from "./context";

const API_KEY = "ss-key-0123456789abcdef";
const API_SECRET = "ss-secret-fedcba9876543210";
const shipstation = createShipStationPlugin({ timeoutMs: 400, retryBaseMs: 20, maxAttempts: 2 });

let testDb: TestDb;
let standIn: ShipStationStandIn;
let ctx: AppContext;
let shopId: string;

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb.close();
});
beforeEach(async () => {
  standIn = await startShipStationStandIn({ apiKey: API_KEY, apiSecret: API_SECRET });
  ctx = testContext(testDb.db, {
    plugins: [shipstation, manualPlugin] as FulfillmentPlugin<unknown>[],
    pluginBaseUrls: { shipstation: standIn.url },
    appUrl: "https://consign.example",
  });
  shopId = (await createShop(testDb.db)).id;
});
afterEach(async () => {
  await standIn.close();
});

const activate = (credentials: unknown, c: AppContext = ctx) =>
  activateConnection(c, { shopId, kind: "shipstation", title: "Main warehouse", credentials });

async function rawConnectionRows(): Promise<Record<string, unknown>[]> {
  const client = new DatabaseSync(sqlitePath(testDb.url), { readOnly: true });
  try {
    return client.prepare("SELECT * FROM Connection WHERE shopId = ?").all(shopId).map((r) => ({ ...r }));
  } finally {
    client.close();
  }
}

describe("activateConnection", () => {
  it("stores credentials encrypted, with a webhook secret, and registers SHIP_NOTIFY", async () => {
    const { connection, webhooks } = await activate({ apiKey: API_KEY, apiSecret: API_SECRET });
    expect(connection).toMatchObject({ kind: "shipstation", title: "Main warehouse", mode: "push", active: true });
    expect(webhooks).toEqual({ subscribed: true, message: null });

    const [row] = await rawConnectionRows();
    const everything = JSON.stringify(row);
    expect(everything).not.toContain(API_SECRET);
    expect(everything).not.toContain(API_KEY);
    expect(String(row.credentialsEnc)).toMatch(/^v1\.[A-Za-z0-9_-]+\./);
    expect(String(row.webhookSecret)).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    expect(standIn.webhooks()).toEqual([
      expect.objectContaining({
        HookType: "SHIP_NOTIFY",
        Url: `https://consign.example/webhooks/fulfillers/shipstation/${connection.id}?secret=${row.webhookSecret}`,
      }),
    ]);
  });

  it("saves nothing when ShipStation rejects the key, and says so clearly", async () => {
    const error = await activate({ apiKey: API_KEY, apiSecret: "not-the-secret" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsRejectedError);
    expect((error as Error).message).toMatch(/^ShipStation rejected these credentials: .*Check the key and secret/);
    expect(await rawConnectionRows()).toEqual([]);
    expect(standIn.webhooks()).toEqual([]);
  });

  it("names each missing field, and saves nothing", async () => {
    const error = await activate({ apiKey: "  " }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: "credentials.apiKey", message: "API Key: Enter the API key" },
      { field: "credentials.apiSecret", message: expect.stringMatching(/^API Secret: /) },
    ]);
    const unknownKind = await activateConnection(ctx, { shopId, kind: "nope", credentials: {} }).catch((e: unknown) => e);
    expect((unknownKind as ValidationError).issues).toEqual([{ field: "kind", message: 'There is no fulfiller of kind "nope".' }]);
    expect(await rawConnectionRows()).toEqual([]);
    expect(standIn.requests).toHaveLength(0);
  });

  it("saves nothing when ShipStation cannot be reached", async () => {
    standIn.injectFault({ type: "status", status: 503, times: 2 });
    await expect(activate({ apiKey: API_KEY, apiSecret: API_SECRET })).rejects.toBeInstanceOf(FulfillerUnavailableError);
    expect(await rawConnectionRows()).toEqual([]);
  });
});

describe("listConnections", () => {
  it("shows the last characters of each credential and never a whole secret", async () => {
    const { connection } = await activate({ apiKey: API_KEY, apiSecret: API_SECRET });
    await activateConnection(ctx, { shopId, kind: "manual", credentials: {} });
    await assignProducts(ctx, { shopId, connectionId: connection.id, products: [{ productId: "p1" }, { productId: "p2" }] });
    const list = await listConnections(ctx, { shopId });
    expect(list.map((c) => [c.kind, c.assignedProducts])).toEqual([
      ["shipstation", 2],
      ["manual", 0],
    ]);
    expect(list[0].credentials).toEqual([
      { name: "apiKey", label: "API Key", secret: false, masked: "••••cdef" },
      { name: "apiSecret", label: "API Secret", secret: true, masked: "••••3210" },
    ]);
    const text = JSON.stringify(list);
    expect(text).not.toContain(API_SECRET);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain("credentialsEnc");
    expect(text).not.toContain("webhookSecret");
  });

  it("only lists the shop's own connections", async () => {
    await activate({ apiKey: API_KEY, apiSecret: API_SECRET });
    const other = await createShop(testDb.db);
    expect(await listConnections(ctx, { shopId: other.id })).toEqual([]);
  });
});

describe("key rotation", () => {
  it("keeps old connections readable and seals new ones with the new key", async () => {
    const oldKey = newKey();
    const before = { ...ctx, keyring: testKeyring(oldKey) };
    const { connection } = await activate({ apiKey: API_KEY, apiSecret: API_SECRET }, before);
    const [row] = await rawConnectionRows();

    const rotated = { ...ctx, keyring: createKeyring({ CONSIGN_ENCRYPTION_KEY: newKey(), CONSIGN_ENCRYPTION_KEYS: oldKey }) };
    const [view] = await listConnections(rotated, { shopId });
    expect(view.credentialsError).toBeNull();
    expect(view.credentials[1].masked).toBe("••••3210");
    // The old envelope still opens to a working client.
    const stored = await testDb.db.connection.findFirstOrThrow({ where: { id: connection.id } });
    await connectionClient(rotated, stored).verify();

    await replaceCredentials(rotated, { shopId, connectionId: connection.id, credentials: { apiKey: API_KEY, apiSecret: API_SECRET } });
    const [after] = await rawConnectionRows();
    expect(rotated.keyring.kidOf(String(after.credentialsEnc))).toBe(rotated.keyring.currentKid);
    expect(rotated.keyring.kidOf(String(row.credentialsEnc))).toBe(before.keyring.currentKid);

    // Without the key the envelope names, the list says what is missing instead of failing.
    const lost = { ...ctx, keyring: testKeyring() };
    const [broken] = await listConnections(lost, { shopId });
    expect(broken.credentialsError).toMatch(/neither CONSIGN_ENCRYPTION_KEY nor CONSIGN_ENCRYPTION_KEYS/);
  });
});

describe("replaceCredentials", () => {
  it("checks new credentials live and keeps the old ones when they fail", async () => {
    const { connection } = await activate({ apiKey: API_KEY, apiSecret: API_SECRET });
    const [before] = await rawConnectionRows();
    await expect(
      replaceCredentials(ctx, { shopId, connectionId: connection.id, credentials: { apiKey: API_KEY, apiSecret: "wrong-secret" } }),
    ).rejects.toBeInstanceOf(CredentialsRejectedError);
    await expect(
      replaceCredentials(ctx, { shopId, connectionId: connection.id, credentials: { apiKey: API_KEY } }),
    ).rejects.toBeInstanceOf(ValidationError);
    const [after] = await rawConnectionRows();
    expect(after.credentialsEnc).toBe(before.credentialsEnc);

    const other = await createShop(testDb.db);
    await expect(
      replaceCredentials(ctx, { shopId: other.id, connectionId: connection.id, credentials: { apiKey: API_KEY, apiSecret: API_SECRET } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("default, assignments and deactivation", () => {
  it("assigns all products to a default, assigns and unassigns many, and deactivates without losing fulfillments", async () => {
    const { connection } = await activate({ apiKey: API_KEY, apiSecret: API_SECRET });
    const manual = (await activateConnection(ctx, { shopId, kind: "manual", credentials: {} })).connection;

    expect(await setDefaultConnection(ctx, { shopId, connectionId: connection.id })).toEqual({ defaultConnectionId: connection.id });
    expect((await listConnections(ctx, { shopId })).find((c) => c.id === connection.id)?.isDefault).toBe(true);

    const assigned = await assignProducts(ctx, {
      shopId,
      connectionId: manual.id,
      products: [{ productId: "p1" }, { productId: "p2", variantId: "v1", sku: "TEE-S" }, { productId: "p2", variantId: "v1" }],
    });
    expect(assigned).toEqual({ assigned: 2, unassigned: 0 });
    await assignProducts(ctx, { shopId, connectionId: connection.id, products: [{ productId: "p1" }] });
    const rows = await testDb.db.assignment.findMany({ where: { shopId }, orderBy: { productId: "asc" } });
    expect(rows.map((r) => [r.productId, r.variantId, r.sku, r.connectionId])).toEqual([
      ["p1", "", null, connection.id],
      ["p2", "v1", "TEE-S", manual.id],
    ]);
    expect(await assignProducts(ctx, { shopId, connectionId: null, products: [{ productId: "p2", variantId: "v1" }] })).toEqual({
      assigned: 0,
      unassigned: 1,
    });
    const bad = await assignProducts(ctx, { shopId, connectionId: manual.id, products: [{ productId: "" }] }).catch((e: unknown) => e);
    expect((bad as ValidationError).issues).toEqual([{ field: "products.0.productId", message: "productId is required" }]);

    // An open fulfillment of the connection stays as it is.
    const order = await testDb.db.order.create({
      data: { shopId, platformOrderId: "9001", name: "#9001", placedAt: new Date() },
    });
    await testDb.db.fulfillment.create({ data: { shopId, orderId: order.id, connectionId: connection.id, status: "PENDING" } });

    const result = await deactivateConnection(ctx, { shopId, connectionId: connection.id });
    expect(result.openFulfillments).toBe(1);
    expect(result.connection).toMatchObject({ active: false, isDefault: false });
    expect((await testDb.db.shop.findUniqueOrThrow({ where: { id: shopId } })).defaultConnectionId).toBeNull();
    expect(await testDb.db.fulfillment.count({ where: { shopId, connectionId: connection.id, status: "PENDING" } })).toBe(1);

    await expect(setDefaultConnection(ctx, { shopId, connectionId: connection.id })).rejects.toBeInstanceOf(ConflictError);
    await expect(
      assignProducts(ctx, { shopId, connectionId: connection.id, products: [{ productId: "p9" }] }),
    ).rejects.toBeInstanceOf(ConflictError);
    const other = await createShop(testDb.db);
    await expect(setDefaultConnection(ctx, { shopId: other.id, connectionId: manual.id })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("sendTestOrder", () => {
  it("submits a test order through ShipStation and reports its answer, good or bad", async () => {
    const { connection } = await activate({ apiKey: API_KEY, apiSecret: API_SECRET });
    const ok = await sendTestOrder(ctx, { shopId, connectionId: connection.id });
    expect(ok).toMatchObject({ ok: true, message: expect.stringContaining("Main warehouse accepted the test order") });
    const [order] = standIn.orders();
    expect(ok.ok && ok.clientFulfillmentId).toBe(String(order.orderId));
    expect(order).toMatchObject({ orderStatus: "on_hold", internalNotes: expect.stringContaining("do not ship") });

    standIn.failNextSubmit("'Ship Name' must not be empty.");
    const refused = await sendTestOrder(ctx, { shopId, connectionId: connection.id });
    expect(refused).toEqual({ ok: false, message: expect.stringContaining("'Ship Name' must not be empty.") });
  });
});

describe("a plugin added only by registering it", () => {
  const received: FulfillmentPart[] = [];
  const credentials = z.object({ token: z.string().min(8).describe("Access token") });
  const fake: FulfillmentPlugin<z.infer<typeof credentials>> = {
    kind: "fake-3pl",
    title: "Fake 3PL",
    description: "A fulfiller that only exists in this test.",
    logo: "/fake.svg",
    mode: "push",
    credentials,
    fields: credentialFields(credentials),
    connect: (creds) => ({
      async verify() {
        if (creds.token !== "good-token") throw new Error("token unknown");
      },
      async submit(p) {
        received.push(p);
        return { clientFulfillmentId: `FAKE-${received.length}` };
      },
      async shipmentsSince(cursor) {
        return { shipments: [], cursor };
      },
      async cancel() {},
    }),
  };

  it("appears in the catalog and the connection use cases use it", async () => {
    const withFake = testContext(testDb.db, { plugins: [manualPlugin, fake] as FulfillmentPlugin<unknown>[] });
    expect(pluginCatalog(withFake.plugins).find((p) => p.kind === "fake-3pl")).toEqual({
      kind: "fake-3pl",
      title: "Fake 3PL",
      description: "A fulfiller that only exists in this test.",
      logo: "/fake.svg",
      mode: "push",
      fields: [{ name: "token", label: "Access token", secret: true }],
    });
    await expect(activateConnection(withFake, { shopId, kind: "fake-3pl", credentials: { token: "bad-token" } })).rejects.toThrow(
      "Fake 3PL rejected these credentials: token unknown",
    );
    const { connection } = await activateConnection(withFake, { shopId, kind: "fake-3pl", credentials: { token: "good-token" } });
    const result = await sendTestOrder(withFake, { shopId, connectionId: connection.id });
    expect(result).toEqual({ ok: true, clientFulfillmentId: "FAKE-1", message: expect.any(String) });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ test: true, lines: [{ sku: "CONSIGN-TEST", quantity: 1 }] });
  });
});

// The admin's API-access page of a pull-type house, over HTTP in sandbox mode (the admin is the
// demo shop without a login): keys listed by prefix, a new key shown once and working at once,
// rotation and revocation taking effect on the API, the house's last calls, and another shop's
// connection or key out of reach.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistry } from "~/plugins/catalog";
import { manualPlugin } from "~/plugins/manual";
import { activateConnection } from "~/use-cases/activateConnection";
import type { AppServer } from "../../support/app-server";
import type { TestDb } from "../../support/db";
import { type ApiWorld, houseClient, type SeededShop, seedShop, startSandboxWorld, testContext } from "./support";

const DEMO = "consign-pull-admin.myshopify.com";

let w: ApiWorld;
let t: TestDb;
let app: AppServer;
let mine: SeededShop;
let theirs: SeededShop;

beforeAll(async () => {
  w = await startSandboxWorld(DEMO, async (ctx) => {
    mine = await seedShop(ctx, DEMO);
    theirs = await seedShop(ctx, "someone-else.myshopify.com");
  });
  ({ t, app } = w);
});

afterAll(async () => {
  await w?.close();
});

const page = (connectionId: string) => `/app/connections/${connectionId}/api`;

async function get(path: string) {
  const res = await fetch(`${app.url}${path}`);
  return { status: res.status, html: (await res.text()).replaceAll("<!-- -->", "") };
}

/** A fetcher's POST: the action alone, answered as single-fetch data. */
async function act(connectionId: string, fields: Record<string, string>) {
  const res = await fetch(`${app.url}${page(connectionId)}.data`, { method: "POST", body: new URLSearchParams(fields) });
  return { status: res.status, text: await res.text() };
}

const KEY = /csk_[A-Za-z0-9_-]{43}/;

describe("API access page", () => {
  it("lists the house's keys by prefix and name, never the key, with a link to the OpenAPI document", async () => {
    const res = await get(page(mine.connectionId));
    expect(res.status).toBe(200);
    expect(res.html).toContain("First key");
    expect(res.html).toContain(`${mine.key.slice(0, 12)}…`);
    expect(res.html).toContain("/api/v1/openapi.json");
    expect(res.html).not.toMatch(KEY);
    const stored = await t.db.apiKey.findUniqueOrThrow({ where: { id: mine.keyId } });
    expect(res.html).not.toContain(stored.hash);
  });

  it("creates a key shown once that works at once; rotates and revokes with immediate effect", async () => {
    const created = await act(mine.connectionId, { intent: "create", name: "Warehouse system" });
    expect(created.status).toBe(200);
    const secret = created.text.match(KEY)?.[0] ?? "";
    expect(secret).toMatch(KEY);
    const house = houseClient(app.url, secret);
    expect((await house("GET", "/api/v1/orders")).status).toBe(200);

    const listed = await get(page(mine.connectionId));
    expect(listed.html).toContain("Warehouse system");
    expect(listed.html).toContain(`${secret.slice(0, 12)}…`);
    expect(listed.html).not.toContain(secret);
    // the call just made is in the log
    expect(listed.html).toContain("GET /api/v1/orders");

    const key = await t.db.apiKey.findFirstOrThrow({ where: { shopId: mine.shopId, name: "Warehouse system" } });
    const rotated = await act(mine.connectionId, { intent: "rotate", keyId: key.id });
    expect(rotated.status).toBe(200);
    const next = rotated.text.match(KEY)?.[0] ?? "";
    expect(next).toMatch(KEY);
    expect(next).not.toBe(secret);
    expect((await house("GET", "/api/v1/orders")).status).toBe(401);
    const nextHouse = houseClient(app.url, next);
    expect((await nextHouse("GET", "/api/v1/orders?limit=0")).status).toBe(400);

    const nextKey = await t.db.apiKey.findFirstOrThrow({ where: { shopId: mine.shopId, name: "Warehouse system", revokedAt: null } });
    const revoked = await act(mine.connectionId, { intent: "revoke", keyId: nextKey.id });
    expect(revoked.status).toBe(200);
    expect(revoked.text).not.toMatch(KEY);
    expect((await nextHouse("GET", "/api/v1/orders")).status).toBe(401);

    const after = await get(page(mine.connectionId));
    expect(after.html).toContain("Revoked");
    expect(after.html).toContain("Recent errors");
    expect(after.html).toMatch(/limit/);
  });

  it("refuses a nameless key with the field named, creating nothing", async () => {
    const before = await t.db.apiKey.count();
    const res = await act(mine.connectionId, { intent: "create", name: "  " });
    expect(res.status).toBe(400);
    expect(res.text).toContain("Give the key a name");
    expect(await t.db.apiKey.count()).toBe(before);
  });

  it("keeps other shops' houses and keys, and push-type fulfillers, out of reach", async () => {
    expect((await get(page(theirs.connectionId))).status).toBe(404);
    expect((await act(theirs.connectionId, { intent: "create", name: "sneaky" })).status).toBe(404);
    const foreignKey = await act(mine.connectionId, { intent: "revoke", keyId: theirs.keyId });
    expect(foreignKey.status).toBe(404);
    expect((await houseClient(app.url, theirs.key)("GET", "/api/v1/orders")).status).toBe(200);

    const pushCtx = { ...testContext(t.db), plugins: createRegistry([manualPlugin]) };
    const { connection } = await activateConnection(pushCtx, { shopId: mine.shopId, kind: "manual", credentials: {} });
    expect((await get(page(connection.id))).status).toBe(404);
  });
});

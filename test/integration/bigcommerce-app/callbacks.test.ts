// The single-click app's callbacks over HTTP through the real app, with real signed JWTs:
// install (code exchange at the stand-in, scope check, encrypted token, users, webhooks), load
// (multi-user, deep link, fresh session), the iframe session on /bc, remove-user and uninstall.
// Forged, expired, foreign and unsigned tokens get 401 and change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBigCommerceToken } from "~/use-cases/shared/bigCommerce";
import {
  APP_URL,
  appKeyring,
  type BcWorld,
  badPayloads,
  get,
  install,
  OWNER,
  SECRET_HEADER,
  STAFF,
  sessionIn,
  signedPayload,
  startBcWorld,
} from "./support";

let w: BcWorld;

beforeAll(async () => {
  w = await startBcWorld();
});
afterAll(async () => {
  await w?.close();
});

const bcShop = (hash = "standin1") =>
  w.t.db.shop.findUnique({ where: { platform_domain: { platform: "BIGCOMMERCE", domain: hash } }, include: { bcUsers: true } });

async function snapshot() {
  const shops = await w.t.db.shop.findMany({ include: { bcUsers: { orderBy: { userId: "asc" } } }, orderBy: { domain: "asc" } });
  return JSON.stringify(shops);
}

describe("GET /bc/auth (install)", () => {
  it("refuses an incomplete callback and a code BigCommerce does not know, storing nothing", async () => {
    const missing = await get(`${w.app.url}/bc/auth?scope=store_v2_orders&context=stores%2Fstandin1`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/code/);
    const unknown = await get(`${w.app.url}/bc/auth?code=nope&scope=store_v2_orders&context=stores%2Fstandin1`);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toMatch(/refused the install/);
    expect(await w.t.db.shop.count()).toBe(0);
  });

  it("refuses a grant without the scopes Consign needs and stores nothing", async () => {
    w.bc.addStore({ hash: "noscope" });
    const { res } = await install(w, { storeHash: "noscope", scope: "store_v2_orders_read_only store_v2_products_read_only" });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/store_v2_orders/);
    expect(await bcShop("noscope")).toBeNull();
    expect(w.bc.getStore("noscope")?.hooks.size).toBe(0);
  });

  it("exchanges the code, stores the store with its token encrypted and its owner, registers the webhooks and opens the app", async () => {
    const { res } = await install(w);
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/bc\?context=/);

    // the token exchange carried the app's credentials and the registered redirect_uri (the stand-in checks both)
    expect(w.bc.requests.filter((r) => r.api === "oauth").map((r) => r.status)).toContain(200);

    const shop = await bcShop();
    expect(shop).toMatchObject({ platform: "BIGCOMMERCE", domain: "standin1", email: OWNER.email, uninstalledAt: null });
    expect(shop?.accessTokenEnc).toBeTruthy();
    expect(shop?.accessTokenEnc).not.toContain(w.bc.accessToken);
    expect(openBigCommerceToken(appKeyring(), shop!.id, shop!.accessTokenEnc!)).toBe(w.bc.accessToken);
    expect(shop?.bcUsers.map((u) => [u.userId, u.email, u.isOwner])).toEqual([[String(OWNER.id), OWNER.email, true]]);

    const hooks = [...w.bc.store.hooks.values()];
    expect(hooks.map((h) => h.scope).sort()).toEqual([
      "store/app/uninstalled",
      "store/order/created",
      "store/order/statusUpdated",
      "store/order/updated",
      "store/shipment/created",
    ]);
    for (const hook of hooks) {
      expect(hook.destination).toBe(`${APP_URL}/webhooks/bigcommerce`);
      expect(hook.is_active).toBe(true);
      const secret = Object.entries(hook.headers ?? {}).find(([k]) => k.toLowerCase() === SECRET_HEADER)?.[1];
      expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    }
    // one secret per store
    expect(new Set(hooks.map((h) => JSON.stringify(h.headers))).size).toBe(1);

    // the redirect renders the app for that user
    const page = await get(`${w.app.url}${location}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("standin1");
  });

  it("does not accept the same code twice", async () => {
    const { query } = await install(w);
    const again = await get(`${w.app.url}/bc/auth?${query}`);
    expect(again.status).toBe(401);
  });
});

describe("the /bc session", () => {
  it("refuses /bc without a session token, or with a forged, expired or foreign one", async () => {
    const noToken = await get(`${w.app.url}/bc`);
    expect(noToken.status).toBe(401);
    // a BigCommerce signed_payload_jwt is not a session token, nor is one signed with the client secret
    for (const [name, token] of [...(await badPayloads()), ["signed payload", await signedPayload()]]) {
      const res = await get(`${w.app.url}/bc?context=${encodeURIComponent(token)}`);
      expect(res.status, name).toBe(401);
      const data = await get(`${w.app.url}/bc.data?_routes=routes%2Fbc&context=${encodeURIComponent(token)}`);
      expect(data.status, `${name} (data request)`).toBe(401);
    }
  });

  it("accepts the token from the URL or as a bearer, and hands out a fresh one", async () => {
    const { res } = await install(w);
    const token = sessionIn(res.headers.get("location"));
    const viaUrl = await get(`${w.app.url}/bc?context=${encodeURIComponent(token)}`);
    expect(viaUrl.status).toBe(200);
    const viaHeader = await get(`${w.app.url}/bc`, { Authorization: `Bearer ${token}` });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.headers.get("referrer-policy")).toBe("same-origin");
  });
});

describe("GET /bc/load", () => {
  it("refuses forged, expired, foreign and unsigned tokens with 401 and changes nothing", async () => {
    const before = await snapshot();
    for (const [name, token] of await badPayloads()) {
      const res = await get(`${w.app.url}/bc/load?signed_payload_jwt=${encodeURIComponent(token)}`);
      expect(res.status, name).toBe(401);
    }
    expect((await get(`${w.app.url}/bc/load`)).status).toBe(401);
    // a user of another store, correctly signed, does not get in either: that store is not installed
    const other = await get(`${w.app.url}/bc/load?signed_payload_jwt=${await signedPayload({ storeHash: "otherstore", user: STAFF })}`);
    expect(other.status).toBe(401);
    expect(await snapshot()).toBe(before);
  });

  it("opens the deep link for the owner with a fresh session", async () => {
    const res = await get(`${w.app.url}/bc/load?signed_payload_jwt=${await signedPayload({ url: "/fulfillments" })}`);
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/bc\/fulfillments\?context=/);
    expect((await get(`${w.app.url}/bc?context=${encodeURIComponent(sessionIn(location))}`)).status).toBe(200);
  });

  it("never sends the browser off the app, whatever the url claim says", async () => {
    for (const url of ["//evil.example.com/x", "https://evil.example.com", "/../../etc", "javascript:alert(1)"]) {
      const res = await get(`${w.app.url}/bc/load?signed_payload_jwt=${await signedPayload({ url })}`);
      expect(res.status, url).toBe(302);
      expect(res.headers.get("location"), url).toMatch(/^\/bc\?context=/);
    }
  });

  it("adds a user who is not the owner (multi-user), who can then use the app", async () => {
    const res = await get(`${w.app.url}/bc/load?signed_payload_jwt=${await signedPayload({ user: STAFF })}`);
    expect(res.status).toBe(302);
    const users = (await bcShop())?.bcUsers.map((u) => [u.userId, u.isOwner]).sort();
    expect(users).toEqual([
      [String(OWNER.id), true],
      [String(STAFF.id), false],
    ]);
    const page = await get(`${w.app.url}/bc?context=${encodeURIComponent(sessionIn(res.headers.get("location")))}`);
    expect(page.status).toBe(200);
  });

  it("puts back a webhook BigCommerce deactivated", async () => {
    const hook = [...w.bc.store.hooks.values()].find((h) => h.scope === "store/order/created")!;
    w.bc.store.updateHook(hook.id, { is_active: false });
    const res = await get(`${w.app.url}/bc/load?signed_payload_jwt=${await signedPayload()}`);
    expect(res.status).toBe(302);
    expect(w.bc.store.hooks.get(hook.id)?.is_active).toBe(true);
    expect([...w.bc.store.hooks.values()].filter((h) => h.scope === "store/order/created")).toHaveLength(1);
  });
});

describe("GET /bc/remove-user", () => {
  it("refuses bad tokens, then removes that user's access, and their session stops working", async () => {
    const load = await get(`${w.app.url}/bc/load?signed_payload_jwt=${await signedPayload({ user: STAFF })}`);
    const staffSession = sessionIn(load.headers.get("location"));
    const before = await snapshot();
    for (const [name, token] of await badPayloads()) {
      const res = await get(`${w.app.url}/bc/remove-user?signed_payload_jwt=${encodeURIComponent(token)}`);
      expect(res.status, name).toBe(401);
    }
    expect(await snapshot()).toBe(before);

    const res = await get(`${w.app.url}/bc/remove-user?signed_payload_jwt=${await signedPayload({ user: STAFF })}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, removed: 1 });
    expect((await bcShop())?.bcUsers.map((u) => u.userId)).toEqual([String(OWNER.id)]);
    expect((await get(`${w.app.url}/bc?context=${encodeURIComponent(staffSession)}`)).status).toBe(401);
  });
});

describe("GET /bc/uninstall", () => {
  it("refuses bad tokens with 401 and leaves the store installed", async () => {
    const before = await snapshot();
    for (const [name, token] of await badPayloads()) {
      const res = await get(`${w.app.url}/bc/uninstall?signed_payload_jwt=${encodeURIComponent(token)}`);
      expect(res.status, name).toBe(401);
    }
    expect(await snapshot()).toBe(before);
    expect((await bcShop())?.uninstalledAt).toBeNull();
  });

  it("marks the store uninstalled, drops its token and users, and ends every session; a reinstall brings it back", async () => {
    const load = await get(`${w.app.url}/bc/load?signed_payload_jwt=${await signedPayload()}`);
    const session = sessionIn(load.headers.get("location"));
    const shopId = (await bcShop())!.id;
    await w.t.db.jobLease.create({ data: { key: `sync:${shopId}:conn1`, owner: "worker-1", until: new Date(Date.now() + 60_000) } });

    const res = await get(`${w.app.url}/bc/uninstall?signed_payload_jwt=${await signedPayload()}`);
    expect(res.status).toBe(200);
    const shop = await bcShop();
    expect(shop?.uninstalledAt).toBeInstanceOf(Date);
    expect(shop?.accessTokenEnc).toBeNull();
    expect(shop?.bcUsers).toEqual([]);
    expect(await w.t.db.jobLease.count({ where: { key: { contains: shopId } } })).toBe(0);
    expect((await get(`${w.app.url}/bc?context=${encodeURIComponent(session)}`)).status).toBe(401);
    expect((await get(`${w.app.url}/bc/load?signed_payload_jwt=${await signedPayload()}`)).status).toBe(401);
    // a repeat changes nothing
    expect((await get(`${w.app.url}/bc/uninstall?signed_payload_jwt=${await signedPayload()}`)).status).toBe(200);

    const again = await install(w);
    expect(again.res.status).toBe(302);
    const reinstalled = await bcShop();
    expect(reinstalled?.id).toBe(shopId);
    expect(reinstalled?.uninstalledAt).toBeNull();
    expect(reinstalled?.bcUsers.map((u) => u.userId)).toEqual([String(OWNER.id)]);
    expect((await get(`${w.app.url}/bc?context=${encodeURIComponent(sessionIn(again.res.headers.get("location")))}`)).status).toBe(200);
  });
});

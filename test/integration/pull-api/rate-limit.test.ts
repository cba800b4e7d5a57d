// The per-key limit: over HTTP with a small configured limit (CONSIGN_API_RATE_LIMIT), and at the
// use case with a clock the test moves and two contexts on one database (two app processes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRateLimitPerMinute } from "~/api/config.server";
import { authenticateApiKey } from "~/use-cases/authenticateApiKey";
import type { AppContext } from "~/use-cases/context";
import { createApiKey } from "~/use-cases/createApiKey";
import { type ApiWorld, houseClient, line, loadContract, order, placeOrder, seedShop, snapshot, startApiWorld } from "./support";

const LIMIT = 5;
let w: ApiWorld;

beforeAll(async () => {
  w = await startApiWorld({ CONSIGN_API_RATE_LIMIT: String(LIMIT) });
});

afterAll(async () => {
  await w?.close();
});

/** Waits for a fresh minute when the current one ends within `ms` (the window is the clock's minute). */
async function awayFromWindowEdge(ms = 5_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < ms) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe("over HTTP", () => {
  it("counts each key's requests, answers 429 with Retry-After past the limit, and changes nothing then", async () => {
    const shop = await seedShop(w.ctx, "limits.myshopify.com");
    const part = await placeOrder(w.ctx, shop, order("R-1", [line("R-1-1", "P-1", 1)]));
    const contract = await loadContract(w.app.url);
    const house = houseClient(w.app.url, shop.key);
    await awayFromWindowEdge();

    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const answer = await house("GET", "/api/v1/orders");
      contract.check("/api/v1/orders", "GET", answer);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("ratelimit-limit")).toBe(String(LIMIT));
      remaining.push(answer.headers.get("ratelimit-remaining") ?? "");
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);

    const before = await snapshot(w.t.db);
    const limited = await house("POST", `/api/v1/fulfillments/${part}/acknowledge`, { reference: "over the limit" });
    contract.check("/api/v1/fulfillments/{id}/acknowledge", "POST", limited);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get("ratelimit-reset")).toBe(String(retryAfter));
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(await snapshot(w.t.db)).toEqual(before);

    // The limit is per key: another key of the same house is not held back.
    const other = await createApiKey(w.ctx, { shopId: shop.shopId, connectionId: shop.connectionId, name: "second" });
    expect((await houseClient(w.app.url, other.secret)("GET", "/api/v1/orders")).status).toBe(200);
  });
});

describe("the window, across processes", () => {
  function at(base: AppContext, clock: { now: Date }): AppContext {
    return { ...base, now: () => clock.now };
  }

  it("is shared by every process on the database and starts again with the next minute", async () => {
    const shop = await seedShop(w.ctx, "window.myshopify.com");
    const clock = { now: new Date("2026-11-21T12:00:10.000Z") };
    const one = at(w.ctx, clock);
    const two = at(w.ctx, clock);
    const ask = (ctx: AppContext) => authenticateApiKey(ctx, { token: shop.key, scope: "orders:read", limitPerMinute: 4 });

    expect((await ask(one)).kind).toBe("ok");
    expect((await ask(two)).kind).toBe("ok");
    expect((await ask(one)).kind).toBe("ok");
    const fourth = await ask(two);
    expect(fourth).toMatchObject({ kind: "ok", rate: { limit: 4, remaining: 0, resetSeconds: 50 } });
    expect((await ask(one)).kind).toBe("rate_limited");

    clock.now = new Date("2026-11-21T12:01:00.000Z");
    expect(await ask(two)).toMatchObject({ kind: "ok", rate: { remaining: 3, resetSeconds: 60 } });
    const key = await w.t.db.apiKey.findUniqueOrThrow({ where: { id: shop.keyId } });
    expect(key.lastUsedAt?.toISOString()).toBe("2026-11-21T12:01:00.000Z");
  });

  it("counts concurrent requests one by one: exactly the limit gets through", async () => {
    const shop = await seedShop(w.ctx, "burst.myshopify.com");
    const clock = { now: new Date("2026-11-21T13:00:00.000Z") };
    const results = await Promise.all(
      Array.from({ length: 16 }, () =>
        authenticateApiKey(at(w.ctx, clock), { token: shop.key, scope: "orders:read", limitPerMinute: 10 }),
      ),
    );
    expect(results.filter((r) => r.kind === "ok")).toHaveLength(10);
    expect(results.filter((r) => r.kind === "rate_limited")).toHaveLength(6);
  });
});

describe("configuration", () => {
  it("defaults to 120 a minute and refuses a malformed CONSIGN_API_RATE_LIMIT by name", () => {
    expect(apiRateLimitPerMinute({})).toBe(120);
    expect(apiRateLimitPerMinute({ CONSIGN_API_RATE_LIMIT: "" })).toBe(120);
    expect(apiRateLimitPerMinute({ CONSIGN_API_RATE_LIMIT: "600" })).toBe(600);
    expect(() => apiRateLimitPerMinute({ CONSIGN_API_RATE_LIMIT: "lots" })).toThrow(/CONSIGN_API_RATE_LIMIT/);
    expect(() => apiRateLimitPerMinute({ CONSIGN_API_RATE_LIMIT: "0" })).toThrow(/CONSIGN_API_RATE_LIMIT/);
  });
});

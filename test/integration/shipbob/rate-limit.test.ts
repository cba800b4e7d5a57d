import { describe, expect, it } from "vitest";
import { samplePart, shipBobPerTest } from "./support";

const start = shipBobPerTest();

describe("ShipBob rate limit", () => {
  it("waits out a storm of 429s (x-retry-after) and drops nothing", async () => {
    // ShipBob's window is 150 a minute; the stand-in's is shrunk to 5 a second to keep this quick,
    // while the client keeps its documented 150/min and has to learn from ShipBob's headers.
    const env = await start({ standIn: { rateLimit: { limit: 5, windowMs: 1_000 } } });
    const parts = Array.from({ length: 16 }, () => samplePart());
    const started = Date.now();

    const results = await Promise.all(parts.map((p) => env.connection.submit(p)));

    const elapsed = Date.now() - started;
    const throttled = env.sb.requests.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    // waiting, not hammering: an immediate retry would meet hundreds of 429s in 3 seconds
    expect(throttled.length).toBeLessThan(40);
    expect(results.every((r) => r?.clientFulfillmentId)).toBe(true);
    expect(env.sb.orders()).toHaveLength(16);
    expect(new Set(env.sb.orders().map((o) => o.reference_id))).toEqual(new Set(parts.map((p) => p.fulfillmentId)));
    // 16 calls through a 5-per-second window cannot finish in under 3 windows
    expect(elapsed).toBeGreaterThanOrEqual(2_900);
  });

  it("pauses when ShipBob reports no calls left, instead of running into 429s", async () => {
    const env = await start({ standIn: { rateLimit: { limit: 3, windowMs: 1_000 } } });
    for (let i = 0; i < 6; i++) await env.connection.verify();
    expect(env.sb.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("waits the x-retry-after ShipBob names before sending the throttled call again", async () => {
    const env = await start({ standIn: { rateLimit: { limit: 1, windowMs: 2_500 } } });
    await env.connection.verify();
    await env.connection.verify();
    // the 429 says "x-retry-after: 2" (1.5 s were left in the window); a client that retried
    // sooner, after its own one-second pause, would meet a second 429
    expect(env.sb.requests.map((r) => r.status)).toEqual([200, 429, 200]);
  });
});

// A push worker process for the exactly-once test (exactly-once.test.ts), started with tsx and
// killed at random: the production worker context (workers/context.ts) on the environment the test
// hands it, running pushShipments in a loop until no intent is left or its deadline passes. One
// JSON line on stdout per run. Only the Shopify adapter's timeouts and back-offs are shorter than
// production's, so an injected hang costs a second instead of thirty.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { z } from "zod";
import { createShopifyPlatform } from "~/platforms/shopify/adapter";
import { adminOrigin, apiVersion, offlineAccessToken } from "~/shopify.server";
import { pushShipments } from "~/use-cases/pushShipments";
import { createWorkerContext } from "../../../workers/context";

const config = z
  .object({
    /** push this shop's intents (job lease push:<shop>); every shop's when absent (push:*) */
    PUSH_SHOP_ID: z.string().min(1).optional(),
    PUSH_DEADLINE_MS: z.coerce.number().int().positive().default(60_000),
    PUSH_LEASE_MS: z.coerce.number().int().positive().default(12_000),
    PUSH_JOB_LEASE_MS: z.coerce.number().int().positive().default(3_000),
    /** intents per pushShipments run */
    PUSH_LIMIT: z.coerce.number().int().positive().default(20),
    /** "1": after "ready", wait for a line on stdin before pushing (the test starts workers ahead) */
    PUSH_WAIT_FOR_GO: z.enum(["0", "1"]).default("0"),
  })
  .parse(process.env);

const shopify = createShopifyPlatform({
  apiVersion,
  endpoint: (shop) => `${adminOrigin(shop)}/admin/api/${apiVersion}/graphql.json`,
  accessToken: (shop, hint) => offlineAccessToken(shop.domain, hint),
  timeoutMs: 1_000,
  retry: { retries: 4, minDelayMs: 50, maxDelayMs: 300 },
});
const ctx = createWorkerContext({
  actor: `system:test-worker:${process.pid}`,
  platform(kind) {
    if (kind === "SHOPIFY") return shopify;
    throw new Error(`no ${kind} adapter in this worker`);
  },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unfinished = () => ctx.db.pushIntent.count({ where: { state: { in: ["PENDING", "IN_FLIGHT"] } } });

async function main(): Promise<number> {
  console.log(JSON.stringify({ ready: process.pid }));
  if (config.PUSH_WAIT_FOR_GO === "1") await once(createInterface({ input: process.stdin }), "line");
  const deadline = Date.now() + config.PUSH_DEADLINE_MS;
  while (Date.now() < deadline) {
    const started = Date.now();
    const outcome = await pushShipments(ctx, {
      ...(config.PUSH_SHOP_ID ? { shopId: config.PUSH_SHOP_ID } : {}),
      limit: config.PUSH_LIMIT,
      leaseMs: config.PUSH_LEASE_MS,
      jobLeaseMs: config.PUSH_JOB_LEASE_MS,
    });
    const left = await unfinished();
    const result = outcome.status === "done" ? outcome.result : null;
    console.log(JSON.stringify({ status: outcome.status, ...(outcome.status === "failed" ? { error: outcome.error } : {}), ...result, left, ms: Date.now() - started }));
    if (left === 0) return 0;
    if (!result || result.pushed + result.failed + result.retried === 0) await sleep(150);
  }
  return 3;
}

main().then(
  async (code) => {
    await ctx.db.$disconnect();
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);

// The worker process of the memory benchmark (economy.ts): the production worker context on the
// environment it is given, two cycles of the shop (send, sync every connection, push) and the
// reconciliation poll, with its resident memory sampled all along. Prints one MEMORY line.
import { pushShipments } from "~/use-cases/pushShipments";
import { reconcileOrders } from "~/use-cases/reconcileOrders";
import { sendHolds } from "~/use-cases/sendHolds";
import { syncShipments } from "~/use-cases/syncShipments";
import { createWorkerContext } from "../../workers/context";
import { runShopCycle } from "../../workers/cycle";

const shopId = process.env.BENCH_SHOP_ID;
if (!shopId) throw new Error("BENCH_SHOP_ID is not set");

const mb = (bytes: number) => bytes / (1024 * 1024);
/** BENCH_TRACE=1: the memory after each step, on stderr */
const trace = (step: string) => {
  if (process.env.BENCH_TRACE !== "1") return;
  let m = process.memoryUsage();
  console.error(`[memory] ${step}: rss ${mb(m.rss).toFixed(0)} heap ${mb(m.heapUsed).toFixed(0)} MB`);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  m = process.memoryUsage();
  console.error(`[memory] ${step} after gc: rss ${mb(m.rss).toFixed(0)} heap ${mb(m.heapUsed).toFixed(0)} external ${mb(m.external).toFixed(0)} arrayBuffers ${mb(m.arrayBuffers).toFixed(0)} MB`);
};
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);

const started = performance.now();
const ctx = createWorkerContext({ actor: "system:bench-worker" });
await ctx.db.shop.findFirstOrThrow({ where: { id: shopId } });
const baseline = process.memoryUsage().rss;
trace("started");
let pushed = 0;
if (process.env.BENCH_TRACE === "1") {
  // The cycle's steps one by one (workers/cycle.ts), to see which one the memory goes to.
  await sendHolds(ctx, { shopId });
  trace("sendHolds");
  for (const c of await ctx.db.connection.findMany({ where: { shopId, active: true } })) {
    await syncShipments(ctx, { shopId, connectionId: c.id });
    trace(`sync ${c.kind}`);
  }
  await pushShipments(ctx, { shopId });
  trace("push");
}
for (let cycle = 0; cycle < 2; cycle++) {
  const report = await runShopCycle(ctx, shopId);
  if (report.errors.length > 0) throw new Error(report.errors.join("; "));
  pushed += report.counts.pushed;
  trace(`cycle ${cycle + 1}`);
}
const reconciled = await reconcileOrders(ctx, { shopId });
if (reconciled.status !== "done") throw new Error(`reconcile ${reconciled.status}`);
trace("reconciled");
clearInterval(sampler);
// maxRSS (KiB) catches peaks between two samples.
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
await ctx.db.$disconnect();
console.log(`MEMORY ${JSON.stringify({ baselineMb: mb(baseline), peakMb: mb(peak), pushed, seconds: (performance.now() - started) / 1000 })}`);
process.exit(0);

// The worker process of the memory benchmark (economy.ts): the production worker context on the
// environment it is given, two cycles of the shop (send, sync every connection, push) and the
// reconciliation poll, with its resident memory sampled all along. Prints one MEMORY line.
import { readFileSync } from "node:fs";
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
  console.error(`[memory] ${step}: rss ${mb(m.rss).toFixed(0)} heap ${mb(m.heapUsed).toFixed(0)}/${mb(m.heapTotal).toFixed(0)} MB; peaks: heapTotal ${mb(peakHeapTotal).toFixed(0)} external ${mb(peakExternal).toFixed(0)} MB`);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  m = process.memoryUsage();
  console.error(`[memory] ${step} after gc: rss ${mb(m.rss).toFixed(0)} heap ${mb(m.heapUsed).toFixed(0)} external ${mb(m.external).toFixed(0)} arrayBuffers ${mb(m.arrayBuffers).toFixed(0)} MB`);
};
let peak = process.memoryUsage().rss;
let peakHeapTotal = 0;
let peakExternal = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakHeapTotal = Math.max(peakHeapTotal, m.heapTotal);
  peakExternal = Math.max(peakExternal, m.external);
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
smapsByMapping();
clearInterval(sampler);
// maxRSS (KiB) catches peaks between two samples.
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
await ctx.db.$disconnect();
console.log(`MEMORY ${JSON.stringify({ baselineMb: mb(baseline), peakMb: mb(peak), pushed, seconds: (performance.now() - started) / 1000 })}`);
process.exit(0);

/** BENCH_TRACE=1: where the resident memory is, by mapping (/proc/self/smaps), on stderr. */
function smapsByMapping(): void {
  if (process.env.BENCH_TRACE !== "1") return;
  const byName = new Map<string, number>();
  let name = "";
  for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      name = head[1] || "[anonymous]";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) byName.set(name, (byName.get(name) ?? 0) + Number(rss[1]));
  }
  for (const [mapping, kb] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.error(`[memory] ${(kb / 1024).toFixed(1)} MB resident in ${mapping}`);
  }
}

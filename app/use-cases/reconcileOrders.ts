// The reconciliation poll (issue 3): orders changed on the platform since the shop's high-water
// mark go through the same intake as webhooks, so a missed webhook is caught within the hour. The
// mark (Shop.ordersCursor, the latest updatedAt seen) moves only after every order of the listing
// is committed; a run that dies part-way lists the same orders again, which changes nothing.
import { z } from "zod";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { ingestOrders } from "./ingestOrders";
import { type JobOutcome, runJob } from "./shared/runJob";
import { platformOf, shopRefOf } from "./shared/shopRef";

const inputSchema = z.object({
  shopId: z.string().min(1),
  maxPages: z.number().int().positive().default(200),
});

export type ReconcileOrdersInput = z.input<typeof inputSchema>;

export interface ReconcileOrdersResult {
  orders: number;
  created: number;
  fulfillmentsCreated: number;
  /** the new high-water mark */
  cursor: string | null;
}

export async function reconcileOrders(
  ctx: AppContext,
  raw: ReconcileOrdersInput,
): Promise<JobOutcome<ReconcileOrdersResult>> {
  const input = parseInput(inputSchema, raw);
  const shop = await ctx.db.shop.findFirst({ where: { id: input.shopId } });
  if (!shop) throw new NotFoundError("Shop", input.shopId);
  return runJob(ctx, { job: "reconcile", shopId: shop.id }, async (run) => {
    const platform = platformOf(ctx, shop);
    const ref = shopRefOf(shop);
    // First run: orders changed since the install; orders older than the app are not ours to route.
    const since = shop.ordersCursor ?? shop.installedAt.toISOString();
    let highWater = since;
    const result: ReconcileOrdersResult = { orders: 0, created: 0, fulfillmentsCreated: 0, cursor: since };
    let cursor: string | null = null;
    for (let pages = 0; pages < input.maxPages; pages++) {
      if (run.signal.aborted) return result;
      const page = await platform.listOrdersChangedSince(ref, since, cursor);
      // A page at once (ingestOrders): new orders in one transaction, known ones one by one.
      const { results } = await ingestOrders(ctx, { shopId: shop.id, orders: page.items, actor: "system:reconcile" });
      page.items.forEach((order, i) => {
        run.counts.seen++;
        result.orders++;
        if (results[i]!.created) result.created++;
        result.fulfillmentsCreated += results[i]!.createdFulfillmentIds.length;
        if (Date.parse(order.updatedAt) > Date.parse(highWater)) highWater = order.updatedAt;
      });
      if (!page.nextCursor) {
        await ctx.db.shop.updateMany({ where: { id: shop.id }, data: { ordersCursor: highWater } });
        result.cursor = highWater;
        return result;
      }
      cursor = page.nextCursor;
    }
    // Stopped at the page limit: the mark stays, the next run lists these again (idempotent).
    return result;
  });
}

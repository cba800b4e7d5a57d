// The fast path of partner stores (issue 8): the seller's own store announces a change of one of
// its orders (Shopify fulfillments/create|update, BigCommerce store/shipment/* and
// store/order/updated, all delivered to the seller shop's webhook routes). When that order is a
// partner order — one of a partnership's parts, sent by the buyer's partner-store connection — its
// fulfillments are read and stored for the buyer through the same path as every shipment
// (storeShipment), then pushed to the buyer's store at once. Anything else is left alone.
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { pushShipments } from "./pushShipments";
import { connectionClient } from "./shared/connectionClient";
import { emptyCounts, finishSyncRun, startSyncRun } from "./shared/syncRun";
import { emptyTally, type ShipmentTally, storeAll } from "./syncShipments";

const inputSchema = z.object({
  /** the seller shop whose store sent the webhook */
  sellerShopId: z.string().min(1),
  /** the seller platform's id of the order that changed */
  platformOrderId: z.string().min(1),
  /** push the buyer's new intents right away (default true) */
  push: z.boolean().default(true),
});

export type SyncPartnerOrderInput = z.input<typeof inputSchema>;

export type SyncPartnerOrderResult =
  | { kind: "not-partner-order" }
  | { kind: "connection-inactive"; buyerShopId: string }
  | { kind: "synced"; buyerShopId: string; fulfillmentId: string; tally: ShipmentTally; pushed: number };

export async function syncPartnerOrder(ctx: AppContext, raw: SyncPartnerOrderInput): Promise<SyncPartnerOrderResult> {
  const input = parseInput(inputSchema, raw);
  // Partnerships of this seller, ended ones included: their open orders keep syncing until done.
  const partnerships = await ctx.db.partnership.findMany({
    where: { sellerShopId: input.sellerShopId },
    select: { shopId: true, connectionId: true },
  });
  if (partnerships.length === 0) return { kind: "not-partner-order" };
  const fulfillment = await ctx.db.fulfillment.findFirst({
    where: {
      clientFulfillmentId: input.platformOrderId,
      OR: partnerships.map((p) => ({ shopId: p.shopId, connectionId: p.connectionId })),
    },
    select: { id: true, shopId: true, connectionId: true },
  });
  if (!fulfillment) return { kind: "not-partner-order" };
  const connection = await ctx.db.connection.findFirst({ where: { id: fulfillment.connectionId, shopId: fulfillment.shopId } });
  if (!connection?.active) return { kind: "connection-inactive", buyerShopId: fulfillment.shopId };

  const client = connectionClient(ctx, connection);
  const counts = emptyCounts();
  const tally = emptyTally();
  const runId = await startSyncRun(ctx.db, { job: "webhook", shopId: connection.shopId, connectionId: connection.id, at: ctx.now() });
  try {
    // the plugin reads the order at the seller and maps it to the buyer's lines; a seller order
    // that is not this connection's part (by its reference) yields nothing
    const shipments = client.shipmentsOfOrder ? await client.shipmentsOfOrder(input.platformOrderId) : [];
    await storeAll(ctx, connection, shipments, { counts }, tally);
    await finishSyncRun(ctx.db, runId, { counts, error: null, at: ctx.now() });
  } catch (error) {
    await finishSyncRun(ctx.db, runId, { counts, error: error instanceof Error ? error.message : String(error), at: ctx.now() });
    throw error;
  }
  let pushed = 0;
  if (input.push && tally.accepted + tally.changed + tally.cancelled > 0) {
    const outcome = await pushShipments(ctx, { shopId: connection.shopId });
    if (outcome.status === "done") pushed = outcome.result.pushed;
  }
  return { kind: "synced", buyerShopId: connection.shopId, fulfillmentId: fulfillment.id, tally, pushed };
}

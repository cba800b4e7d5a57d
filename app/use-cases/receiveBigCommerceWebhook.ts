// A BigCommerce webhook callback, once authenticated and deduplicated by its route. The payload
// only names what changed (notes/bigcommerce.md §4: `data: {type: "order", id}`), so an order
// event fetches the order through the platform adapter and hands it to the same intake as the
// reconciliation poll (ingestOrder). Returns a note for the log.
//
// - store/order/created, store/order/updated: fetch and ingest (ingest is idempotent, and ignores
//   an update older than what we hold).
// - store/order/statusUpdated: to Cancelled (5) → cancelOrder; any other status → fetch and
//   ingest (refunds, edits). Our own shipment pushes cause these too; ingesting again changes
//   nothing.
// - store/shipment/created: nothing to do. Our pushes create most shipments, and the push worker
//   looks on the platform for what it may have created before any retry (findPushed). A shipment a
//   merchant creates by hand raises quantity_shipped on BigCommerce, which refuses a later push
//   over what is left (an over-quantity push fails on its intent with BigCommerce's message).
// - store/app/uninstalled: the same as the uninstall callback.
import { BC_STATUS, type BigCommerceWebhookPayload, bigCommerceWebhookPayload } from "~/platforms/bigcommerce";
import type { AppContext } from "./context";
import { cancelOrder } from "./cancelOrder";
import { NotFoundError, parseInput, ValidationError } from "./errors";
import { ingestOrder } from "./ingestOrder";
import { shopRefOf } from "./shared/shopRef";
import { syncPartnerOrder } from "./syncPartnerOrder";
import { uninstallBigCommerceStore } from "./uninstallBigCommerceStore";

const ACTOR = "bigcommerce:webhook";

export interface ReceiveBigCommerceWebhookResult {
  scope: string;
  storeHash: string;
  note: string;
}

type Shop = NonNullable<Awaited<ReturnType<AppContext["db"]["shop"]["findUnique"]>>>;

export async function receiveBigCommerceWebhook(
  ctx: AppContext,
  raw: { payload: unknown },
): Promise<ReceiveBigCommerceWebhookResult> {
  const event = parseInput(bigCommerceWebhookPayload, raw.payload);
  const storeHash = event.producer.slice("stores/".length);
  const done = (note: string) => ({ scope: event.scope, storeHash, note });

  if (event.scope === "store/app/uninstalled") {
    const result = await uninstallBigCommerceStore(ctx, { storeHash });
    return done(result.shopId ? `uninstalled, ${result.usersRemoved} user(s) removed` : "ignored: store unknown");
  }
  const shop = await ctx.db.shop.findUnique({ where: { platform_domain: { platform: "BIGCOMMERCE", domain: storeHash } } });
  if (!shop || shop.uninstalledAt) return done("ignored: store not installed");

  switch (event.scope) {
    case "store/order/created":
      return done(await fetchAndIngest(ctx, shop, event.data.id));
    case "store/order/updated":
      return done(await withPartnerSync(ctx, shop, event.data.id, await fetchAndIngest(ctx, shop, event.data.id)));
    case "store/order/statusUpdated": {
      if (event.data.status.new_status_id !== BC_STATUS.CANCELLED) return done(await fetchAndIngest(ctx, shop, event.data.id));
      try {
        const result = await cancelOrder(ctx, {
          shopId: shop.id,
          platformOrderId: String(event.data.id),
          reason: "Cancelled on BigCommerce.",
          actor: ACTOR,
        });
        return done(`order ${event.data.id} cancelled, ${result.cancelled.length} part(s) cancelled`);
      } catch (error) {
        // A cancellation that overtakes its order's creation: intake stores it as cancelled.
        if (!(error instanceof NotFoundError)) throw error;
        return done(await fetchAndIngest(ctx, shop, event.data.id));
      }
    }
    case "store/shipment/created":
      return done(await withPartnerSync(ctx, shop, event.data.orderId, `recorded: shipment ${event.data.id} of order ${event.data.orderId}`));
    default:
      return unreachable(event);
  }
}

async function fetchAndIngest(ctx: AppContext, shop: Shop, orderId: number): Promise<string> {
  const order = await ctx.platform("BIGCOMMERCE").getOrder(shopRefOf(shop), String(orderId));
  if (!order) return `ignored: order ${orderId} is not on BigCommerce (deleted)`;
  const result = await ingestOrder(ctx, { shopId: shop.id, order, actor: ACTOR });
  if (result.stale) return `order ${order.name} unchanged (older than what we hold)`;
  return `order ${order.name} ${result.created ? "stored" : "updated"}, ${result.createdFulfillmentIds.length} part(s) made`;
}

/**
 * Partner stores (issue 8): when this store is the seller of a partnership and the order is a
 * partner order, its shipments (new, corrected or deleted) go to the buyer's store at once.
 */
async function withPartnerSync(ctx: AppContext, shop: Shop, orderId: number, note: string): Promise<string> {
  const result = await syncPartnerOrder(ctx, { sellerShopId: shop.id, platformOrderId: String(orderId) });
  return result.kind === "synced" ? `${note}; partner order synced for the buyer (${result.pushed} pushed)` : note;
}

function unreachable(event: never): never {
  throw new ValidationError([{ field: "scope", message: `is not handled: ${(event as BigCommerceWebhookPayload).scope}` }]);
}

// Customer notifications are decided in the transaction of the status change that causes them:
// a Notification row per (shop, fulfillment or order, kind), so each is sent once however often
// its cause is replayed. Sending is the notifications job's (sendNotifications).
//
// Where the platform notifies the customer itself, we do not email: on Shopify a push carries
// notifyCustomer (Shop.notifyCustomers) and Shopify sends its shipping confirmation with the
// tracking number (notes/shopify.md §1, FulfillmentInput.notifyCustomer), so TRACKING_ASSIGNED
// is recorded as sent via the platform once the push is done.
import { DEFAULT_TEMPLATES, type NotificationKind } from "~/notifications/kinds";
import type { Tx } from "../shared/timeline";
import type { OutboxEntry } from "../webhooks/enqueue";

const SHIPPED_OR_LATER = new Set(["SHIPPED", "DELIVERED", "RMA_PENDING", "RETURNED"]);

interface Candidate {
  kind: NotificationKind;
  shopId: string;
  orderId: string;
  fulfillmentId: string | null;
  subjectKey: string;
  at: Date;
}

async function candidatesOf(tx: Tx, entry: OutboxEntry): Promise<Candidate[]> {
  if (entry.kind !== "STATUS" || !entry.fulfillmentId) return [];
  const part = { shopId: entry.shopId, orderId: entry.orderId, fulfillmentId: entry.fulfillmentId, subjectKey: entry.fulfillmentId, at: entry.at };
  const found: Candidate[] = [];
  if (entry.to === "PENDING_SHIPMENT") found.push({ kind: "TRACKING_ASSIGNED", ...part });
  if (entry.to === "DELIVERED") found.push({ kind: "DELIVERED", ...part });
  if (entry.to === "SHIPPED" || entry.to === "DELIVERED") {
    const [order, parts] = await Promise.all([
      tx.order.findFirst({ where: { id: entry.orderId, shopId: entry.shopId }, select: { shipmentState: true, cancelledAt: true } }),
      tx.fulfillment.findMany({ where: { orderId: entry.orderId, shopId: entry.shopId }, select: { status: true } }),
    ]);
    const live = parts.filter((p) => p.status !== "CANCELLED");
    // The order is shipped when its shipments cover every line still due and no part waits.
    if (order && !order.cancelledAt && order.shipmentState === "SHIPPED" && live.length > 0 && live.every((p) => SHIPPED_OR_LATER.has(p.status))) {
      found.push({ kind: "ORDER_SHIPPED", ...part, subjectKey: entry.orderId });
    }
  }
  return found;
}

export async function enqueueNotifications(tx: Tx, entries: readonly OutboxEntry[]): Promise<number> {
  const candidates = (await Promise.all(entries.map((e) => candidatesOf(tx, e)))).flat();
  if (candidates.length === 0) return 0;
  let written = 0;
  for (const c of candidates) {
    const [template, shop] = await Promise.all([
      tx.notificationTemplate.findUnique({ where: { shopId_kind: { shopId: c.shopId, kind: c.kind } }, select: { enabled: true } }),
      tx.shop.findUniqueOrThrow({ where: { id: c.shopId }, select: { platform: true, notifyCustomers: true } }),
    ]);
    if (!(template?.enabled ?? DEFAULT_TEMPLATES[c.kind].enabled)) continue;
    const key = { shopId_subjectKey_kind: { shopId: c.shopId, subjectKey: c.subjectKey, kind: c.kind } };
    // Checked, not caught: a failed insert would abort the whole transaction on PostgreSQL.
    if (await tx.notification.findUnique({ where: key, select: { id: true } })) continue;
    const viaPlatform = c.kind === "TRACKING_ASSIGNED" && shop.platform === "SHOPIFY" && shop.notifyCustomers;
    await tx.notification.create({
      data: {
        shopId: c.shopId,
        orderId: c.orderId,
        fulfillmentId: c.fulfillmentId,
        subjectKey: c.subjectKey,
        kind: c.kind,
        channel: viaPlatform ? "PLATFORM" : "EMAIL",
        createdAt: c.at,
        nextAttemptAt: c.at,
      },
    });
    written++;
  }
  return written;
}

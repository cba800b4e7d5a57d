// Customer notifications are decided in the transaction of the status change that causes them:
// a Notification row per (shop, fulfillment or order, kind), so each is sent once however often
// its cause is replayed. Sending is the notifications job's (sendNotifications).
//
// Where the platform notifies the customer itself, we do not email: on Shopify a push carries
// notifyCustomer (Shop.notifyCustomers) and Shopify sends its shipping confirmation with the
// tracking number (notes/shopify.md §1, FulfillmentInput.notifyCustomer), so TRACKING_ASSIGNED
// is recorded as sent via the platform once the push is done.
import { DEFAULT_TEMPLATES, type NotificationKind } from "~/notifications/kinds";
import { bulkInsert, newId, type SqlValue } from "../shared/bulkInsert";
import type { Tx } from "../shared/timeline";
import type { OutboxEntry } from "../webhooks/enqueue";

const CHUNK = 400;
const SHIPPED_OR_LATER = new Set(["SHIPPED", "DELIVERED", "RMA_PENDING", "RETURNED"]);

interface Candidate {
  kind: NotificationKind;
  shopId: string;
  orderId: string;
  fulfillmentId: string | null;
  subjectKey: string;
  at: Date;
}

/**
 * The notifications the entries raise. Written for batches (the sync stores a page of shipments at
 * once): a fixed handful of queries per call, whatever the number of entries.
 */
async function candidatesOf(tx: Tx, entries: readonly OutboxEntry[]): Promise<Candidate[]> {
  const statusEntries = entries.filter((e): e is OutboxEntry & { fulfillmentId: string } => e.kind === "STATUS" && !!e.fulfillmentId);
  const shippedOrderIds = [...new Set(statusEntries.filter((e) => e.to === "SHIPPED" || e.to === "DELIVERED").map((e) => e.orderId))];
  const orders: { id: string; shopId: string; shipmentState: string; cancelledAt: Date | null }[] = [];
  const parts: { orderId: string; shopId: string; status: string }[] = [];
  for (let i = 0; i < shippedOrderIds.length; i += CHUNK) {
    const slice = shippedOrderIds.slice(i, i + CHUNK);
    orders.push(...(await tx.order.findMany({ where: { id: { in: slice } }, select: { id: true, shopId: true, shipmentState: true, cancelledAt: true } })));
    parts.push(...(await tx.fulfillment.findMany({ where: { orderId: { in: slice } }, select: { orderId: true, shopId: true, status: true } })));
  }
  const found: Candidate[] = [];
  for (const entry of statusEntries) {
    const part = { shopId: entry.shopId, orderId: entry.orderId, fulfillmentId: entry.fulfillmentId, subjectKey: entry.fulfillmentId, at: entry.at };
    if (entry.to === "PENDING_SHIPMENT") found.push({ kind: "TRACKING_ASSIGNED", ...part });
    if (entry.to === "DELIVERED") found.push({ kind: "DELIVERED", ...part });
    if (entry.to === "SHIPPED" || entry.to === "DELIVERED") {
      const order = orders.find((o) => o.id === entry.orderId && o.shopId === entry.shopId);
      const live = parts.filter((p) => p.orderId === entry.orderId && p.shopId === entry.shopId && p.status !== "CANCELLED");
      // The order is shipped when its shipments cover every line still due and no part waits.
      if (order && !order.cancelledAt && order.shipmentState === "SHIPPED" && live.length > 0 && live.every((p) => SHIPPED_OR_LATER.has(p.status))) {
        found.push({ kind: "ORDER_SHIPPED", ...part, subjectKey: entry.orderId });
      }
    }
  }
  return found;
}

export async function enqueueNotifications(tx: Tx, entries: readonly OutboxEntry[]): Promise<number> {
  const candidates = await candidatesOf(tx, entries);
  if (candidates.length === 0) return 0;
  const shopIds = [...new Set(candidates.map((c) => c.shopId))];
  const [templates, shops] = await Promise.all([
    tx.notificationTemplate.findMany({ where: { shopId: { in: shopIds } }, select: { shopId: true, kind: true, enabled: true } }),
    tx.shop.findMany({ where: { id: { in: shopIds } }, select: { id: true, platform: true, notifyCustomers: true } }),
  ]);
  const subjectKeys = [...new Set(candidates.map((c) => c.subjectKey))];
  const existing: { shopId: string; subjectKey: string; kind: string }[] = [];
  // In slices: Prisma keeps a statement under SQLite's historical 999 bound values.
  for (let i = 0; i < subjectKeys.length; i += CHUNK) {
    existing.push(
      ...(await tx.notification.findMany({
        where: { shopId: { in: shopIds }, subjectKey: { in: subjectKeys.slice(i, i + CHUNK) } },
        select: { shopId: true, subjectKey: true, kind: true },
      })),
    );
  }
  const keyOf = (n: { shopId: string; subjectKey: string; kind: string }) => `${n.shopId}|${n.subjectKey}|${n.kind}`;
  // Checked, not caught: a failed insert would abort the whole transaction on PostgreSQL.
  const known = new Set(existing.map(keyOf));
  const rows: Record<string, SqlValue>[] = [];
  for (const c of candidates) {
    const template = templates.find((t) => t.shopId === c.shopId && t.kind === c.kind);
    if (!(template?.enabled ?? DEFAULT_TEMPLATES[c.kind].enabled)) continue;
    if (known.has(keyOf(c))) continue;
    known.add(keyOf(c));
    const shop = shops.find((s) => s.id === c.shopId);
    const viaPlatform = c.kind === "TRACKING_ASSIGNED" && shop?.platform === "SHOPIFY" && shop.notifyCustomers;
    rows.push({
      id: newId(),
      shopId: c.shopId,
      orderId: c.orderId,
      fulfillmentId: c.fulfillmentId,
      subjectKey: c.subjectKey,
      kind: c.kind,
      channel: viaPlatform ? "PLATFORM" : "EMAIL",
      state: "PENDING",
      attempts: 0,
      createdAt: c.at,
      nextAttemptAt: c.at,
    });
  }
  // One multi-row INSERT (Prisma's createMany costs ~0.17 ms of CPU a row: shared/bulkInsert.ts).
  await bulkInsert(tx, "Notification", rows);
  return rows.length;
}

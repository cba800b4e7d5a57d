// Shipments from ShipBob, fetched once each:
//  - new tracking: ShipBob's polling guide, GET /{v}/order?HasTracking=true&IsTrackingUploaded=false,
//    then POST /{v}/shipment:batchUpdateTrackingUpload once we have committed them, so they are not
//    returned again (notes §2 "Polling"; the operation's own description);
//  - cancellations: orders updated since the cursor (LastUpdateStartDate), keeping only shipments
//    ShipBob cancelled after it. The cursor is ShipBob's own last_update_at, never our clock.
import { z } from "zod";
import { PluginError } from "../errors";
import type { FulfillerShipment, ShipmentsPage } from "../port";
import type { Query, ShipBobHttp } from "./http";
import { toFulfillerShipment } from "./mapping";
import { bulkUpdateSchema, orderListSchema, type ShipBobOrder } from "./schemas";

const PAGE_SIZE = 250; // the documented maximum Limit
const ACK_CHUNK = 100;

export interface SyncOptions {
  /** how far back the first poll looks for cancellations */
  firstPollLookbackMs: number;
  /** overlap of successive change queries, for timestamps written out of order */
  overlapMs: number;
  /** pages per query and call; more are left for the next call (hasMore) */
  maxPages: number;
}

const cursorSchema = z.object({
  v: z.literal(1),
  /** last_update_at of the newest change seen */
  since: z.iso.datetime({ offset: true }),
  /** shipments already handled at exactly `since` */
  seen: z.array(z.string()),
});
type Cursor = z.infer<typeof cursorSchema>;

function parseCursor(text: string | null, now: Date, opts: SyncOptions): Cursor {
  if (text === null) {
    return { v: 1, since: new Date(now.getTime() - opts.firstPollLookbackMs).toISOString(), seen: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new PluginError(`The ShipBob sync cursor is not one this plugin wrote: ${text.slice(0, 80)}`, false);
  return parsed.data;
}

async function listOrders(
  http: ShipBobHttp,
  query: Query,
  maxPages: number,
): Promise<{ orders: ShipBobOrder[]; complete: boolean }> {
  const orders: ShipBobOrder[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const batch = await http.get("order", { ...query, SortOrder: "Oldest", Limit: PAGE_SIZE, Page: page }, orderListSchema);
    orders.push(...batch);
    if (batch.length < PAGE_SIZE) return { orders, complete: true };
  }
  return { orders, complete: false };
}

export async function shipmentsSince(
  http: ShipBobHttp,
  channelId: string,
  cursorText: string | null,
  now: Date,
  opts: SyncOptions,
): Promise<ShipmentsPage> {
  const cursor = parseCursor(cursorText, now, opts);
  const since = Date.parse(cursor.since);
  // other integrations' orders on the same account are not ours
  const ours = (o: ShipBobOrder) => o.channel?.id == null || String(o.channel.id) === channelId;
  const found = new Map<string, FulfillerShipment>();

  const fresh = await listOrders(http, { HasTracking: true, IsTrackingUploaded: false }, opts.maxPages);
  for (const order of fresh.orders.filter(ours)) {
    for (const s of order.shipments ?? []) {
      if (s.status !== "Cancelled" && s.tracking?.tracking_number && !s.is_tracking_uploaded) {
        found.set(String(s.id), toFulfillerShipment(order, s));
      }
    }
  }

  const changed = await listOrders(
    http,
    { LastUpdateStartDate: new Date(since - opts.overlapMs).toISOString() },
    opts.maxPages,
  );
  let newest = since;
  let atNewest = new Set(cursor.seen);
  for (const order of changed.orders.filter(ours)) {
    for (const s of order.shipments ?? []) {
      const at = Date.parse(s.last_update_at ?? "");
      if (!Number.isFinite(at) || at < since || (at === since && cursor.seen.includes(String(s.id)))) continue;
      if (s.status === "Cancelled") found.set(String(s.id), toFulfillerShipment(order, s));
      if (at > newest) {
        newest = at;
        atNewest = new Set();
      }
      if (at === newest) atNewest.add(String(s.id));
    }
  }
  // A cut-short change list (sorted by creation, not by update) cannot move the cursor safely.
  const next: Cursor = changed.complete
    ? { v: 1, since: new Date(newest).toISOString(), seen: [...atNewest] }
    : cursor;
  return {
    shipments: [...found.values()],
    cursor: JSON.stringify(next),
    hasMore: !fresh.complete || !changed.complete,
  };
}

/** Marks shipments' tracking as uploaded so the tracking poll does not return them again. */
export async function acknowledge(http: ShipBobHttp, shipments: FulfillerShipment[]): Promise<void> {
  const ids = [
    ...new Set(
      shipments
        .filter((s) => s.trackingNumbers.length > 0)
        .map((s) => Number(s.fulfillerShipmentId))
        .filter((id) => Number.isInteger(id)),
    ),
  ];
  const failures: string[] = [];
  for (let i = 0; i < ids.length; i += ACK_CHUNK) {
    const chunk = ids.slice(i, i + ACK_CHUNK);
    const result = await http.post(
      "shipment:batchUpdateTrackingUpload",
      { is_tracking_uploaded: true, shipment_ids: chunk },
      bulkUpdateSchema,
    );
    for (const r of result.results ?? []) {
      if (r.isSuccess === false) failures.push(`${r.shipmentId}: ${r.error?.message ?? r.error?.code ?? "failed"}`);
    }
  }
  if (failures.length > 0) {
    throw new PluginError(`ShipBob did not mark tracking as uploaded for shipments ${failures.join("; ")}`, true);
  }
}

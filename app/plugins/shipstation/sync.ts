// shipmentsSince for ShipStation V1. Three streams, each with a timestamp high-water mark:
//   labels  GET /shipments?createDateStart=…&includeShipmentItems=true  (labels bought in ShipStation)
//   voids   GET /shipments?voidDateStart=…                              (labels voided later: cancelled)
//   marked  GET /fulfillments?createDateStart=…                         (orders marked shipped without a label)
// /shipments never lists orders marked shipped, hence the third stream (notes §1 "GET /shipments").
// Each query starts a little before its mark: replays are recognised downstream, misses are not.
import { z } from "zod";
import type { FulfillerShipment, ShipmentsPage } from "../port";
import type { ShipStationHttp } from "./http";
import { fromLabel, fromMarkedShipped, fromShipStationTime, toShipStationTime } from "./mapping";
import {
  fulfillmentListSchema,
  orderSchema,
  type SsOrder,
  type SsShipment,
  shipmentListSchema,
} from "./schemas";

export interface SyncOptions {
  pageSize: number;
  /** pages per stream per call; the labels and marked streams resume from their mark on the next call */
  maxPagesPerCall: number;
  overlapMs: number;
  /** where a connection without a cursor starts */
  initialLookbackMs: number;
}

const cursorSchema = z.object({
  v: z.literal(1),
  labels: z.iso.datetime(),
  voids: z.iso.datetime(),
  marked: z.iso.datetime(),
});
type Marks = Omit<z.infer<typeof cursorSchema>, "v">;

function readCursor(cursor: string | null, fallback: Date): Marks {
  if (cursor) {
    try {
      const parsed = cursorSchema.safeParse(JSON.parse(cursor));
      if (parsed.success) return parsed.data;
    } catch {
      // not ours (or damaged): start again from the look-back, replays are harmless
    }
  }
  const start = fallback.toISOString();
  return { labels: start, voids: start, marked: start };
}

function later(a: string, b: Date | null): string {
  return b && b.getTime() > Date.parse(a) ? b.toISOString() : a;
}

/** Fetches an order once per sync call, for the items that a fulfillment (or a bare label) leaves out. */
export class OrderCache {
  private readonly orders = new Map<number, Promise<SsOrder>>();
  constructor(private readonly http: ShipStationHttp) {}
  get(orderId: number): Promise<SsOrder> {
    let order = this.orders.get(orderId);
    if (!order) {
      order = this.http.get(this.http.url(`orders/${orderId}`), orderSchema);
      this.orders.set(orderId, order);
    }
    return order;
  }
}

export async function labelShipments(
  shipments: readonly SsShipment[],
  orders: OrderCache,
): Promise<FulfillerShipment[]> {
  const out: FulfillerShipment[] = [];
  for (const s of shipments) {
    const items = s.shipmentItems?.length ? [] : ((await orders.get(s.orderId)).items ?? []);
    out.push(fromLabel(s, items));
  }
  return out;
}

export async function shipmentsSince(
  http: ShipStationHttp,
  opts: SyncOptions,
  now: Date,
  cursor: string | null,
): Promise<ShipmentsPage> {
  const marks = readCursor(cursor, new Date(now.getTime() - opts.initialLookbackMs));
  const from = (mark: string) => toShipStationTime(new Date(Date.parse(mark) - opts.overlapMs));
  const orders = new OrderCache(http);
  const found = new Map<string, FulfillerShipment>();
  const keep = (s: FulfillerShipment) => {
    const seen = found.get(s.fulfillerShipmentId);
    if (!seen || (s.cancelled && !seen.cancelled)) found.set(s.fulfillerShipmentId, s);
  };
  const next: Marks = { ...marks };
  let hasMore = false;

  async function pages<T>(fetchPage: (page: number) => Promise<{ items: T[]; pages: number }>, capped: boolean) {
    const all: T[] = [];
    for (let page = 1; ; page++) {
      const result = await fetchPage(page);
      all.push(...result.items);
      if (page >= result.pages) break;
      if (capped && page >= opts.maxPagesPerCall) {
        hasMore = true;
        break;
      }
    }
    return all;
  }

  const shipmentsQuery = (filter: Record<string, string>) => async (page: number) => {
    const list = await http.get(
      http.url("shipments", {
        ...filter,
        includeShipmentItems: true,
        sortBy: "CreateDate",
        sortDir: "ASC",
        page,
        pageSize: opts.pageSize,
      }),
      shipmentListSchema,
    );
    return { items: list.shipments, pages: list.pages };
  };

  const labels = await pages(shipmentsQuery({ createDateStart: from(marks.labels) }), true);
  for (const s of await labelShipments(labels, orders)) keep(s);
  for (const s of labels) next.labels = later(next.labels, fromShipStationTime(s.createDate));

  // Voids are listed in creation order, so this stream is read to its end before its mark moves.
  const voids = await pages(shipmentsQuery({ voidDateStart: from(marks.voids) }), false);
  for (const s of await labelShipments(voids, orders)) keep(s);
  for (const s of voids) next.voids = later(next.voids, fromShipStationTime(s.voidDate));

  const marked = await pages(async (page) => {
    const list = await http.get(
      http.url("fulfillments", {
        createDateStart: from(marks.marked),
        sortBy: "CreateDate",
        sortDir: "ASC",
        page,
        pageSize: opts.pageSize,
      }),
      fulfillmentListSchema,
    );
    return { items: list.fulfillments, pages: list.pages };
  }, true);
  for (const f of marked) {
    keep(fromMarkedShipped(f, await orders.get(f.orderId)));
    next.marked = later(next.marked, fromShipStationTime(f.createDate));
  }

  return {
    shipments: [...found.values()],
    cursor: JSON.stringify({ v: 1, ...next }),
    ...(hasMore ? { hasMore } : {}),
  };
}

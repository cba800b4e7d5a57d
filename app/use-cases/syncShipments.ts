// The sync task (DESIGN.md §The flow, 3): asks one connection for the shipments new or changed
// since its cursor and stores each through the shared coverage path. The cursor moves only after
// every shipment of the page is committed, so a crash replays the page (replays change nothing).
// Only the cursor is used — no per-order polling — so the cost grows with changes, not with the
// backlog of open orders, and a fully covered order costs nothing more.
import { z } from "zod";
import type { FulfillerShipment } from "~/plugins/port";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { connectionClient } from "./shared/connectionClient";
import { type JobOutcome, type JobRun, runJob } from "./shared/runJob";
import type { StoreShipmentResult } from "./shared/storeShipment";
import { storeShipments } from "./shared/storeShipments";

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  /** safety stop for a fulfiller that keeps saying "more" */
  maxPages: z.number().int().positive().optional(),
});

export type SyncShipmentsInput = z.input<typeof inputSchema>;

export type ShipmentTally = Record<StoreShipmentResult["kind"], number>;

export interface SyncShipmentsResult {
  pages: number;
  tally: ShipmentTally;
}

export function emptyTally(): ShipmentTally {
  return { accepted: 0, duplicate: 0, changed: 0, cancelled: 0, rejected: 0, ignored: 0 };
}

export async function syncShipments(
  ctx: AppContext,
  raw: SyncShipmentsInput,
): Promise<JobOutcome<SyncShipmentsResult>> {
  const input = parseInput(inputSchema, raw);
  const connection = await ctx.db.connection.findFirst({ where: { id: input.connectionId, shopId: input.shopId } });
  if (!connection) throw new NotFoundError("Connection", input.connectionId);
  return runJob(ctx, { job: "sync", shopId: input.shopId, connectionId: connection.id }, async (run) => {
    const tally = emptyTally();
    if (!connection.active) return { pages: 0, tally };
    const client = connectionClient(ctx, connection);
    let cursor = connection.cursor;
    let pages = 0;
    const maxPages = input.maxPages ?? 1_000;
    while (pages < maxPages && !run.signal.aborted) {
      const page = await client.shipmentsSince(cursor);
      pages++;
      const stored = await storeAll(ctx, connection, page.shipments, run, tally);
      await ctx.db.connection.updateMany({
        where: { id: connection.id, shopId: input.shopId },
        data: { cursor: page.cursor, lastSyncAt: ctx.now() },
      });
      if (stored.length > 0 && client.acknowledge) {
        try {
          await client.acknowledge(stored);
        } catch {
          // Not acknowledged: the fulfiller reports them again, and a replay changes nothing.
          run.counts.failed++;
        }
      }
      const stuck = page.cursor === cursor;
      cursor = page.cursor;
      if (!page.hasMore || stuck) break;
    }
    return { pages, tally };
  });
}

/**
 * Stores a page of shipments (voids first; first shipments of orders in one batch, the rest one by
 * one: shared/storeShipments.ts); returns those Consign now holds (to acknowledge to the fulfiller).
 */
export async function storeAll(
  ctx: AppContext,
  connection: { id: string; shopId: string; kind: string },
  shipments: readonly FulfillerShipment[],
  run: Pick<JobRun, "counts">,
  tally: ShipmentTally,
): Promise<FulfillerShipment[]> {
  const ordered = voidsFirst(shipments);
  const { results } = await storeShipments(ctx, {
    shopId: connection.shopId,
    connection,
    shipments: ordered,
    actor: `fulfiller:${connection.kind}`,
  });
  const stored: FulfillerShipment[] = [];
  results.forEach((result, i) => {
    run.counts.seen++;
    tally[result.kind]++;
    if (result.kind === "rejected") run.counts.rejected++;
    if (result.kind !== "ignored") stored.push(ordered[i]!);
  });
  return stored;
}

/**
 * The page's voids before its new shipments: a label voided and bought again is often reported by
 * two streams in one page (ShipStation lists voids apart from new labels, after them), and the new
 * label must be judged against the coverage the void gives back, or it is refused as covering too
 * much. A void of a shipment that the same page reported earlier stays after that report.
 */
export function voidsFirst(shipments: readonly FulfillerShipment[]): FulfillerShipment[] {
  const earlier = new Set<string>();
  const voids: FulfillerShipment[] = [];
  const rest: FulfillerShipment[] = [];
  for (const shipment of shipments) {
    const id = shipment.fulfillerShipmentId.trim();
    if (shipment.cancelled && id !== "" && !earlier.has(id)) voids.push(shipment);
    else rest.push(shipment);
    if (id !== "") earlier.add(id);
  }
  return [...voids, ...rest];
}

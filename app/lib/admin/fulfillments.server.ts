// Fulfillments: the shop's fulfillments filtered (status, fulfiller, dates, order, tracking) in
// keyset pages; resend or cancel several at once; Export CSV of the filter on screen (streamed);
// Import tracking numbers and Upload returns (CSV, all or nothing, a report of every row).
import { z } from "zod";
import type { CsvReport } from "~/components/CsvUpload";
import { humanize, plural } from "~/components/format";
import { cancelFulfillment } from "~/use-cases/cancelFulfillment";
import { NotFoundError, UseCaseError, ValidationError } from "~/use-cases/errors";
import { exportFulfillmentChunks } from "~/use-cases/exportFulfillments";
import { importTracking } from "~/use-cases/importTracking";
import { listConnections } from "~/use-cases/listConnections";
import { listFulfillments } from "~/use-cases/queries/listFulfillments";
import { resendFulfillment } from "~/use-cases/resendFulfillment";
import { uploadReturns } from "~/use-cases/uploadReturns";
import { attempt, invalidInput, load, notFound, ok, parseOr400, readBody, readCsvUpload, searchOf } from "../admin-route.server";
import { filterOf, fulfillmentSearchSchema } from "../fulfillment-search";
import type { AdminPage } from "./page.server";

export async function fulfillmentsData({ shop, ctx }: AdminPage, request: Request) {
  const search = parseOr400(fulfillmentSearchSchema, searchOf(request));
  const [page, connections] = await load(() =>
    Promise.all([
      listFulfillments(ctx, { shopId: shop.id, filter: filterOf(search), after: search.after, before: search.before }),
      listConnections(ctx, { shopId: shop.id }),
    ]),
  );
  return { page, connections: connections.map((c) => ({ id: c.id, title: c.title })) };
}

const bulkSchema = z.object({
  intent: z.enum(["resend", "cancel"]),
  ids: z.preprocess(
    (v) => (Array.isArray(v) ? v : typeof v === "string" ? v.split(",").filter(Boolean) : v),
    z.array(z.string().min(1).max(64)).min(1, "Choose at least one fulfillment").max(100, "At most 100 at once"),
  ),
  reason: z.string().trim().max(500).optional(),
});

/** Resend or cancel the chosen fulfillments; each one refused says why, the others go ahead. */
export async function fulfillmentsAction({ shop, ctx, actor }: AdminPage, request: Request) {
  const parsed = bulkSchema.safeParse(await readBody(request));
  if (!parsed.success) return invalidInput(parsed.error);
  const { intent, ids, reason } = parsed.data;
  const done: string[] = [];
  const refused: string[] = [];
  let missing = 0;
  for (const fulfillmentId of ids) {
    try {
      if (intent === "resend") await resendFulfillment(ctx, { shopId: shop.id, fulfillmentId, actor });
      else await cancelFulfillment(ctx, { shopId: shop.id, fulfillmentId, actor, reason: reason || "cancelled in the admin" });
      done.push(fulfillmentId);
    } catch (error) {
      if (error instanceof NotFoundError) missing++;
      else if (error instanceof UseCaseError) refused.push(error.message);
      else throw error;
    }
  }
  // None of them is this shop's: the same answer as for a record that does not exist.
  if (missing === ids.length) throw notFound("Fulfillment not found");
  const verb = intent === "resend" ? "sent back to hold" : "cancelled";
  if (done.length === 0) {
    return attempt(async () => {
      throw new UseCaseError(refused.join(" ") || "Nothing was changed.");
    });
  }
  return ok(
    `${plural(done.length, "fulfillment")} ${verb}${refused.length || missing ? `; ${refused.length + missing} left as they were` : ""}.`,
    { refused },
  );
}

/** The CSV of the fulfillments matching the filter, streamed page by page as the use case reads them. */
export async function exportFulfillmentsResponse({ shop, ctx }: AdminPage, request: Request): Promise<Response> {
  const search = parseOr400(fulfillmentSearchSchema, searchOf(request));
  if (search.tracking) {
    throw new Response("tracking: the export cannot filter by tracking number yet; clear that filter to export.", {
      status: 400,
    });
  }
  const { tracking: _tracking, ...filter } = filterOf(search);
  const chunks = exportFulfillmentChunks(ctx, { shopId: shop.id, filter });
  let first: IteratorResult<string>;
  try {
    first = await chunks.next();
  } catch (error) {
    if (error instanceof ValidationError) throw new Response(error.message, { status: 400 });
    throw error;
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      // Let other requests (and the socket) run between pages: the database calls of a page block.
      await new Promise((resolve) => setImmediate(resolve));
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const day = ctx.now().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="fulfillments-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

/** Import tracking numbers: the whole file or nothing, with a report of every row. */
export async function importTrackingResponse({ shop, ctx, actor }: AdminPage, request: Request): Promise<Response> {
  const csv = await readCsvUpload(request);
  const result = await importTracking(ctx, { shopId: shop.id, csv, actor });
  const report: CsvReport = result.ok
    ? {
        ok: true,
        message: `${plural(result.rows.length, "row")} imported.`,
        rows: result.rows.map((r) => ({
          row: r.row,
          order: r.orderId,
          outcome: humanize(r.outcome),
          detail: `${r.trackingNumbers.join(", ")} · ${plural(r.units, "unit")}`,
        })),
      }
    : {
        ok: false,
        message: `${plural(new Set(result.errors.map((e) => e.row)).size, "row")} cannot be imported; nothing was imported.`,
        errors: result.errors,
      };
  return Response.json(report, { status: result.ok ? 200 : 422 });
}

/** Upload returns: rows of orderId, RETURNED or CANCELLED and an optional RMA number; all or nothing. */
export async function uploadReturnsResponse({ shop, ctx, actor }: AdminPage, request: Request): Promise<Response> {
  const csv = await readCsvUpload(request);
  const result = await uploadReturns(ctx, { shopId: shop.id, csv, actor });
  const report: CsvReport = result.ok
    ? {
        ok: true,
        message: `${plural(result.rows.length, "row")} applied${result.skipped.length ? `, ${result.skipped.length} left as they were` : ""}.`,
        rows: [
          ...result.rows.map((r) => ({
            row: r.row,
            order: r.orderId,
            outcome: r.changed.length ? humanize(r.changed.at(-1)?.to ?? "") : "Unchanged",
            detail: [
              ...r.changed.map((c) => `${humanize(c.from)} → ${humanize(c.to)}`),
              ...r.unchanged.map((u) => `left as is: ${u.reason}`),
            ].join("; "),
          })),
          ...result.skipped.map((s) => ({ row: s.row, order: "—", outcome: "Skipped", detail: s.reason })),
        ].sort((a, b) => a.row - b.row),
      }
    : {
        ok: false,
        message: `${plural(new Set(result.errors.map((e) => e.row)).size, "row")} cannot be applied; nothing was changed.`,
        errors: result.errors,
      };
  return Response.json(report, { status: result.ok ? 200 : 422 });
}

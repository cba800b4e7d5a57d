// POST /api/v1/fulfillments/{id}/shipments: a pull-type house reports a package. It takes the one
// path every shipment takes (shared/storeShipment: the coverage rules, the push intent in the same
// transaction, the push worker writing it to the store exactly once). A shipment that breaks a
// rule is refused and nothing is stored: the house hears why at once, by field, and may send a
// corrected one. A replay changes nothing at all (its transaction is rolled back).
//
// - a new package                                → created
// - the same package again (same reference, or the same tracking numbers and items) → duplicate
// - the same reference with other tracking or items → changed (a correction; the store follows)
import { z } from "zod";
import type { CoverageViolation } from "~/fulfillment/coverage";
import type { FulfillmentStatus } from "~/fulfillment/types";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput } from "./errors";
import { findOwnFulfillment, loadShipmentView } from "./shared/pullFulfillments";
import type { ShipmentView } from "./shared/pullViews";
import type { RuleIssue } from "./shared/ruleRefused";
import {
  type StoreShipmentInput,
  type StoreShipmentResult,
  ShipmentRefused,
  storeShipmentInTx,
} from "./shared/storeShipment";

const text = (max: number) => z.string().trim().min(1).max(max);

export const shipmentLineSchema = z
  .object({
    lineId: text(64).optional().describe("Consign's line id, as GET /orders gives it"),
    sku: text(100).optional().describe("Or the line's SKU, when the house does not keep our line ids"),
    quantity: z.number().int().min(1).max(100_000),
  })
  .strict()
  .superRefine((line, ctx) => {
    if ((line.lineId === undefined) === (line.sku === undefined)) {
      ctx.addIssue({ code: "custom", path: ["lineId"], message: "give either lineId or sku (exactly one)" });
    }
  })
  .meta({ oneOf: [{ required: ["lineId"] }, { required: ["sku"] }] });

export const shipmentBodySchema = z
  .object({
    reference: text(100)
      .optional()
      .describe(
        "The house's own id of this package. Recommended: a retry is then recognised whatever it carries, " +
          "and posting the same reference with other tracking or items corrects the shipment.",
      ),
    trackingNumbers: z
      .array(text(100))
      .max(20)
      .describe("Several numbers only for a package of at least two lines and as many units as numbers; may be empty"),
    carrier: text(100).optional(),
    method: text(100).optional().describe("The shipping service, e.g. Ground"),
    trackingUrl: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
      .max(2000)
      .optional(),
    shippedAt: z.iso.datetime({ offset: true }).optional().describe("When it left; now when not given"),
    lines: z.array(shipmentLineSchema).min(1).max(500),
  })
  .strict();

type ShipmentBody = z.infer<typeof shipmentBodySchema>;

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  actor: z.string().min(1),
  fulfillmentId: z.string().min(1),
  body: shipmentBodySchema,
});

export type ReportPullShipmentInput = z.input<typeof inputSchema>;

export type ReportPullShipmentResult =
  | { kind: "created" | "changed" | "duplicate"; shipment: ShipmentView }
  | { kind: "refused"; issues: RuleIssue[] };

/** Statuses a shipment may be reported in: not yet shipped, or shipped (a correction). */
const TAKES_SHIPMENTS: readonly FulfillmentStatus[] = ["HOLD", "PENDING", "PENDING_SHIPMENT", "SHIPPED", "DELIVERED"];

export async function reportPullShipment(ctx: AppContext, raw: ReportPullShipmentInput): Promise<ReportPullShipmentResult> {
  const input = parseInput(inputSchema, raw);
  const scope = { shopId: input.shopId, connectionId: input.connectionId };
  const part = await findOwnFulfillment(ctx.db, scope, input.fulfillmentId);
  if (!part) throw new NotFoundError("Fulfillment", input.fulfillmentId);
  if (!TAKES_SHIPMENTS.includes(part.status as FulfillmentStatus)) {
    throw new ConflictError(`This fulfillment is ${part.status}; it takes no shipments.`);
  }
  const { body } = input;
  const result = await storeOrUndo(ctx, {
    shopId: scope.shopId,
    connection: { id: scope.connectionId, kind: "pull-api" },
    fulfillmentId: part.id,
    actor: input.actor,
    onReject: "refuse",
    shipment: {
      fulfillerShipmentId: body.reference ?? "",
      fulfillmentId: part.id,
      clientFulfillmentId: part.clientFulfillmentId,
      trackingNumbers: body.trackingNumbers,
      carrier: body.carrier ?? null,
      method: body.method ?? null,
      trackingUrl: body.trackingUrl ?? null,
      lines: body.lines.map((line) => ({ lineId: line.lineId ?? null, sku: line.sku ?? null, quantity: line.quantity })),
      cancelled: false,
      shippedAt: body.shippedAt ?? null,
    },
  });
  switch (result.kind) {
    case "accepted":
    case "changed":
    case "duplicate": {
      const shipment = await loadShipmentView(ctx.db, scope, result.shipmentId);
      if (!shipment) throw new Error(`Shipment ${result.shipmentId} was stored but cannot be read back`);
      return { kind: result.kind === "accepted" ? "created" : result.kind, shipment };
    }
    case "rejected":
      return { kind: "refused", issues: await issuesOf(ctx, part.id, scope.shopId, body, result.violations) };
    case "cancelled":
    case "ignored":
      // Neither can come of a report that names our fulfillment and is not a void.
      throw new Error(`Unexpected outcome ${result.kind} for a reported shipment`);
  }
}

/** Undoes a replay: storeShipment takes the order's row first (its lock) even when nothing else changes. */
class Unchanged extends Error {
  override name = "Unchanged";
  constructor(readonly result: StoreShipmentResult) {
    super("the same shipment was reported before");
  }
}

/** storeShipment, with the transaction rolled back unless the shipment was stored or changed. */
async function storeOrUndo(ctx: AppContext, input: StoreShipmentInput): Promise<StoreShipmentResult> {
  try {
    return await ctx.db.$transaction(async (tx) => {
      const result = await storeShipmentInTx(ctx, tx, input);
      if (result.kind === "duplicate") throw new Unchanged(result);
      return result;
    });
  } catch (error) {
    if (error instanceof ShipmentRefused || error instanceof Unchanged) return error.result;
    throw error;
  }
}

const normalizeSku = (sku: string | null | undefined) => sku?.trim().toUpperCase() || null;

/** Each broken rule with the field of the request it concerns. */
async function issuesOf(
  ctx: AppContext,
  fulfillmentId: string,
  shopId: string,
  body: ShipmentBody,
  violations: readonly CoverageViolation[],
): Promise<RuleIssue[]> {
  const partLines = await ctx.db.fulfillmentLine.findMany({
    where: { fulfillmentId, shopId },
    select: { orderLineId: true, orderLine: { select: { sku: true } } },
  });
  const skuOf = new Map(partLines.map((line) => [line.orderLineId, normalizeSku(line.orderLine.sku)]));
  const knownSkus = new Set([...skuOf.values()].filter((sku) => sku !== null));
  // storeShipment names unknown SKUs in the order of the request's lines, without the SKU itself.
  const unknownSkuLines = body.lines.flatMap((line, i) => (line.sku && !knownSkus.has(normalizeSku(line.sku)!) ? [i] : []));
  let nextUnknownSku = 0;
  const indexOf = (lineId: string) =>
    body.lines.findIndex(
      (line) => line.lineId === lineId || (line.sku !== undefined && normalizeSku(line.sku) === skuOf.get(lineId)),
    );
  return violations.map((v): RuleIssue => {
    switch (v.code) {
      case "EMPTY":
        return { field: "lines", code: v.code, message: v.message };
      case "MULTI_TRACKING_SINGLE_LINE":
      case "MULTI_TRACKING_TOO_FEW_UNITS":
      case "NO_TRACKING":
        return { field: "trackingNumbers", code: v.code, message: v.message };
      case "UNKNOWN_LINE": {
        if (v.lineId) {
          const i = body.lines.findIndex((line) => line.lineId === v.lineId);
          return { field: i >= 0 ? `lines.${i}.lineId` : "lines", code: v.code, message: v.message };
        }
        const i = unknownSkuLines[nextUnknownSku++];
        return { field: i === undefined ? "lines" : `lines.${i}.sku`, code: v.code, message: v.message };
      }
      case "OVER_COVERAGE":
      case "BAD_QUANTITY": {
        const i = v.lineId ? indexOf(v.lineId) : -1;
        return { field: i >= 0 ? `lines.${i}.quantity` : "lines", code: v.code, message: v.message };
      }
      default:
        return { field: "", code: v.code, message: v.message };
    }
  });
}

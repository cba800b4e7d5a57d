// The manual form: the merchant's own team shipped a package (issue 4, "Manual fulfillment"). It
// takes the same coverage path as any fulfiller's shipment; a shipment that breaks a rule is
// refused with the field at fault and nothing is stored.
import { z } from "zod";
import type { CoverageViolation } from "~/fulfillment/coverage";
import type { AppContext } from "./context";
import { type FieldIssue, NotFoundError, parseInput, ValidationError } from "./errors";
import { type StoreShipmentResult, storeShipment } from "./shared/storeShipment";

const inputSchema = z
  .object({
    shopId: z.string().min(1),
    fulfillmentId: z.string().min(1).optional(),
    /** our order id: the fulfillment is the one holding the given lines */
    orderId: z.string().min(1).optional(),
    carrier: z.string().trim().max(100).nullish(),
    method: z.string().trim().max(100).nullish(),
    trackingNumbers: z
      .array(z.string().trim().min(1, "must not be empty").max(64))
      .max(20)
      .default([]),
    trackingUrl: z
      .string()
      .trim()
      .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "must start with http:// or https://")
      .nullish()
      .or(z.literal("").transform(() => null)),
    lines: z
      .array(z.object({ orderLineId: z.string().min(1), quantity: z.number().int().positive("must be at least 1") }))
      .min(1, "choose at least one line"),
    actor: z.string().min(1),
  })
  .refine((input) => Boolean(input.fulfillmentId) !== Boolean(input.orderId), {
    message: "give either fulfillmentId or orderId",
    path: ["fulfillmentId"],
  });

export type RecordManualShipmentInput = z.input<typeof inputSchema>;
export type RecordManualShipmentResult = Exclude<StoreShipmentResult, { kind: "rejected" } | { kind: "ignored" }>;

export async function recordManualShipment(
  ctx: AppContext,
  raw: RecordManualShipmentInput,
): Promise<RecordManualShipmentResult> {
  const input = parseInput(inputSchema, raw);
  const fulfillment = await findPart(ctx, input);
  const held = new Set(fulfillment.lines.map((line) => line.orderLineId));
  const outside = input.lines.flatMap((line, index) =>
    held.has(line.orderLineId)
      ? []
      : [{ field: `lines.${index}.orderLineId`, message: "this line is not part of the fulfillment" }],
  );
  if (outside.length) throw new ValidationError(outside);

  const result = await storeShipment(ctx, {
    shopId: input.shopId,
    connection: fulfillment.connection,
    fulfillmentId: fulfillment.id,
    shipment: {
      fulfillerShipmentId: "",
      fulfillmentId: fulfillment.id,
      clientFulfillmentId: null,
      trackingNumbers: input.trackingNumbers,
      carrier: input.carrier ?? null,
      method: input.method ?? null,
      trackingUrl: input.trackingUrl ?? null,
      lines: input.lines.map((line) => ({ lineId: line.orderLineId, quantity: line.quantity })),
      cancelled: false,
      shippedAt: ctx.now().toISOString(),
    },
    actor: input.actor,
    onReject: "refuse",
  });
  if (result.kind === "rejected") throw new ValidationError(issuesOf(result.violations, input.lines));
  if (result.kind === "ignored") throw new NotFoundError("Fulfillment", fulfillment.id);
  return result;
}

type Input = z.output<typeof inputSchema>;

async function findPart(ctx: AppContext, input: Input) {
  const include = { lines: { select: { orderLineId: true } }, connection: { select: { id: true, kind: true } } };
  if (input.fulfillmentId) {
    const part = await ctx.db.fulfillment.findFirst({ where: { id: input.fulfillmentId, shopId: input.shopId }, include });
    if (!part) throw new NotFoundError("Fulfillment", input.fulfillmentId);
    return part;
  }
  const orderId = input.orderId!;
  const parts = await ctx.db.fulfillment.findMany({
    where: { orderId, shopId: input.shopId },
    include,
    orderBy: { createdAt: "asc" },
  });
  if (parts.length === 0) {
    const order = await ctx.db.order.findFirst({ where: { id: orderId, shopId: input.shopId }, select: { id: true } });
    if (!order) throw new NotFoundError("Order", orderId);
    throw new ValidationError([{ field: "orderId", message: "no line of this order is assigned to a fulfiller" }]);
  }
  const wanted = input.lines.map((line) => line.orderLineId);
  const holding = parts.filter((part) => wanted.every((id) => part.lines.some((line) => line.orderLineId === id)));
  if (holding.length === 1) return holding[0];
  if (parts.length === 1) return parts[0];
  throw new ValidationError([
    { field: "lines", message: "these lines belong to different fulfillments; record one shipment per fulfillment" },
  ]);
}

/** Each violated rule as the form field it concerns. */
function issuesOf(violations: CoverageViolation[], lines: Input["lines"]): FieldIssue[] {
  return violations.map((violation) => {
    if (violation.code === "MULTI_TRACKING_SINGLE_LINE" || violation.code === "MULTI_TRACKING_TOO_FEW_UNITS") {
      return { field: "trackingNumbers", message: violation.message };
    }
    const index = violation.lineId ? lines.findIndex((line) => line.orderLineId === violation.lineId) : -1;
    return index >= 0
      ? { field: `lines.${index}.quantity`, message: violation.message }
      : { field: "lines", message: violation.message };
  });
}

// POST /api/v1/fulfillments/{id}/status: a pull-type house reports what happened to a fulfillment
// (seed: Konnektive's Update Fulfillment API, fulfillmentStatus and rmaNumber, notes/peers.md §3).
// Only CANCELLED, FAILED (with its reason), RMA_PENDING and RETURNED (with the RMA number), and
// only the moves the status table allows; reporting the status it already has changes nothing.
// A FAILED part waits for a person to resend it (the automatic resend is for push-type fulfillers).
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { canTransition } from "~/fulfillment/statuses";
import type { FulfillmentStatus } from "~/fulfillment/types";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { findOwnFulfillment, loadFulfillmentDetail } from "./shared/pullFulfillments";
import type { FulfillmentDetailView } from "./shared/pullViews";
import { RuleRefusedError, transitionOrRefuse } from "./shared/ruleRefused";

const reason = z.string().trim().min(1).max(500);
const rmaNumber = z.string().trim().min(1).max(100);

export const statusBodySchema = z.discriminatedUnion("status", [
  z
    .object({ status: z.literal("CANCELLED"), reason: reason.optional() })
    .strict()
    .describe("The house will not ship it"),
  z
    .object({ status: z.literal("FAILED"), reason: reason.describe("Why the house cannot ship it, shown to the merchant") })
    .strict()
    .describe("The house rejects it (a bad address, an unknown SKU, ...)"),
  z
    .object({ status: z.literal("RMA_PENDING"), rmaNumber: rmaNumber.optional(), reason: reason.optional() })
    .strict()
    .describe("A return is expected"),
  z
    .object({ status: z.literal("RETURNED"), rmaNumber, reason: reason.optional() })
    .strict()
    .describe("The return was received"),
]);

type StatusBody = z.infer<typeof statusBodySchema>;

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  actor: z.string().min(1),
  fulfillmentId: z.string().min(1),
  body: statusBodySchema,
});

export type ReportFulfillmentStatusInput = z.input<typeof inputSchema>;

function columnsFor(body: StatusBody): Prisma.FulfillmentUpdateManyMutationInput {
  switch (body.status) {
    case "FAILED":
      return { failureReason: body.reason };
    case "RMA_PENDING":
      return body.rmaNumber ? { rmaNumber: body.rmaNumber } : {};
    case "RETURNED":
      return { rmaNumber: body.rmaNumber };
    case "CANCELLED":
      return {};
  }
}

function defaultReason(body: StatusBody): string {
  switch (body.status) {
    case "CANCELLED":
      return "cancelled by the fulfiller";
    case "FAILED":
      return body.reason;
    case "RMA_PENDING":
      return body.rmaNumber ? `return expected, RMA ${body.rmaNumber}` : "return expected";
    case "RETURNED":
      return `return received, RMA ${body.rmaNumber}`;
  }
}

export async function reportFulfillmentStatus(
  ctx: AppContext,
  raw: ReportFulfillmentStatusInput,
): Promise<{ changed: boolean; fulfillment: FulfillmentDetailView }> {
  const input = parseInput(inputSchema, raw);
  const scope = { shopId: input.shopId, connectionId: input.connectionId };
  const { body } = input;
  const changed = await ctx.db.$transaction(async (tx) => {
    const part = await findOwnFulfillment(tx, scope, input.fulfillmentId);
    if (!part) throw new NotFoundError("Fulfillment", input.fulfillmentId);
    const from = part.status as FulfillmentStatus;
    if (from === body.status) return false;
    if (!canTransition(from, body.status)) {
      throw new RuleRefusedError([
        { field: "status", code: "TRANSITION_NOT_ALLOWED", message: `A fulfillment cannot move from ${from} to ${body.status}.` },
      ]);
    }
    if (body.status === "RETURNED" && part.rmaNumber && part.rmaNumber !== body.rmaNumber) {
      throw new RuleRefusedError([
        { field: "rmaNumber", code: "RMA_MISMATCH", message: `The return expected for this fulfillment is RMA ${part.rmaNumber}.` },
      ]);
    }
    await transitionOrRefuse(
      tx,
      {
        shopId: scope.shopId,
        fulfillmentId: part.id,
        to: body.status,
        actor: input.actor,
        reason: body.reason ?? defaultReason(body),
        at: ctx.now(),
        data: columnsFor(body),
      },
      "status",
    );
    return true;
  });
  const fulfillment = await loadFulfillmentDetail(ctx.db, scope, input.fulfillmentId);
  if (!fulfillment) throw new NotFoundError("Fulfillment", input.fulfillmentId);
  return { changed, fulfillment };
}

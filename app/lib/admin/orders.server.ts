// One order: lines with their coverage, fulfillments, shipments with their pushes, the timeline;
// resend or cancel one of its fulfillments; record a package by hand (the manual form).
import { z } from "zod";
import { cancelFulfillment } from "~/use-cases/cancelFulfillment";
import { ValidationError } from "~/use-cases/errors";
import { getOrderDetail } from "~/use-cases/queries/getOrderDetail";
import { listPartnerOrders } from "~/use-cases/queries/listPartnerOrders";
import { recordManualShipment } from "~/use-cases/recordManualShipment";
import { resendFulfillment } from "~/use-cases/resendFulfillment";
import { attempt, invalid, invalidInput, load, ok, readBody } from "../admin-route.server";
import { QTY } from "./fields";
import type { AdminPage } from "./page.server";

export async function orderData({ shop, ctx }: AdminPage, id: string | undefined) {
  const order = await load(() => getOrderDetail(ctx, { shopId: shop.id, orderId: id ?? "" }));
  // partner stores (issue 8): the partner, its order reference and the fulfillments synced from it
  const partnerOrders = (await listPartnerOrders(ctx, { shopId: shop.id, role: "BUYER", orderId: order.id, limit: 100 })).items;
  return { order, partnerOrders };
}

const shipSchema = z.object({
  intent: z.literal("ship"),
  fulfillmentId: z.string().min(1, "Choose the fulfillment this package belongs to"),
  carrier: z.string().trim().max(100).optional(),
  trackingNumbers: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(/[\s,;]+/).filter(Boolean)),
  trackingUrl: z.string().trim().optional(),
});

const partSchema = z.object({
  intent: z.enum(["resend", "cancel"]),
  fulfillmentId: z.string().min(1),
});

export async function orderAction({ shop, ctx, actor }: AdminPage, id: string | undefined, request: Request) {
  const body = await readBody(request);
  if (body.intent === "resend" || body.intent === "cancel") {
    const parsed = partSchema.safeParse(body);
    if (!parsed.success) return invalidInput(parsed.error);
    const { intent, fulfillmentId } = parsed.data;
    return attempt(async () => {
      await assertPartOfOrder(fulfillmentId);
      if (intent === "resend") {
        await resendFulfillment(ctx, { shopId: shop.id, fulfillmentId, actor });
        return ok("Sent back to hold; it goes out with the next send.");
      }
      await cancelFulfillment(ctx, { shopId: shop.id, fulfillmentId, actor, reason: "cancelled in the admin" });
      return ok("Fulfillment cancelled.");
    });
  }

  const parsed = shipSchema.safeParse(body);
  if (!parsed.success) return invalidInput(parsed.error);
  // qty.<orderLineId> fields: the units of each line in this package (blank or 0 = not in it).
  const lines: { orderLineId: string; quantity: number }[] = [];
  const qtyErrors: { field: string; message: string }[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (!key.startsWith(QTY) || value === "" || value === undefined) continue;
    const quantity = Number(value);
    if (!Number.isInteger(quantity) || quantity < 0) qtyErrors.push({ field: key, message: "Enter a whole number of units" });
    else if (quantity > 0) lines.push({ orderLineId: key.slice(QTY.length), quantity });
  }
  if (qtyErrors.length) return invalid(qtyErrors);
  const { fulfillmentId, carrier, trackingNumbers, trackingUrl } = parsed.data;
  return attempt(async () => {
    await assertPartOfOrder(fulfillmentId);
    try {
      const stored = await recordManualShipment(ctx, {
        shopId: shop.id,
        fulfillmentId,
        carrier: carrier || null,
        trackingNumbers,
        trackingUrl: trackingUrl || null,
        lines,
        actor,
      });
      return ok(stored.kind === "duplicate" ? "This shipment was already recorded." : "Shipment recorded; it goes to the store with the next push.");
    } catch (error) {
      // The use case names lines by their index in `lines`: name them by the form's field instead.
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError(
        error.issues.map((issue) => {
          const m = /^lines\.(\d+)\.(quantity|orderLineId)$/.exec(issue.field);
          const line = m ? lines[Number(m[1])] : undefined;
          return line ? { field: `${QTY}${line.orderLineId}`, message: issue.message } : issue;
        }),
      );
    }
  });

  async function assertPartOfOrder(fulfillmentId: string) {
    const order = await getOrderDetail(ctx, { shopId: shop.id, orderId: id ?? "", timelineLimit: 1 });
    if (!order.fulfillments.some((f) => f.id === fulfillmentId)) {
      throw new Response(`Fulfillment ${fulfillmentId} is not part of this order`, { status: 404 });
    }
  }
}

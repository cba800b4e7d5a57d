// customers/redact: remove a customer's personal data from our copies of their orders — the
// orders Shopify lists and any other under their email, and the address and subject of the
// emails we sent them. The order stays (its lines, fulfillments and shipments carry no personal
// data) so fulfillment history and coverage remain intact.
import { z } from "zod";
import type { AppContext } from "./context";
import { customerOrderFilter } from "./customerDataRequest";
import { parseInput } from "./errors";
import { addTimeline } from "./shared/timeline";

const inputSchema = z.object({
  shopDomain: z.string().min(1),
  customer: z.object({ id: z.string().nullish(), email: z.string().nullish(), phone: z.string().nullish() }),
  /** Shopify's REST order ids to redact */
  orderIds: z.array(z.string().regex(/^\d+$/)),
});

export interface RedactCustomerResult {
  redactedOrderIds: string[];
}

export async function redactCustomer(ctx: AppContext, raw: z.input<typeof inputSchema>): Promise<RedactCustomerResult> {
  const input = parseInput(inputSchema, raw);
  const now = ctx.now();
  return ctx.db.$transaction(async (tx) => {
    const shop = await tx.shop.findUnique({
      where: { platform_domain: { platform: "SHOPIFY", domain: input.shopDomain } },
      select: { id: true },
    });
    if (!shop) return { redactedOrderIds: [] };
    const orders = await tx.order.findMany({
      where: { shopId: shop.id, OR: customerOrderFilter(input.orderIds, input.customer.email) },
      select: { id: true },
    });
    const ids = orders.map((o) => o.id);
    await tx.order.updateMany({
      where: { shopId: shop.id, id: { in: ids } },
      data: { customerEmail: null, customerName: null, shipTo: null, redactedAt: now },
    });
    // The emails we sent them: who they went to, and subjects that templates may personalise.
    await tx.notification.updateMany({ where: { shopId: shop.id, orderId: { in: ids } }, data: { recipient: null, subject: null } });
    await addTimeline(
      tx,
      ...ids.map((orderId) => ({
        shopId: shop.id,
        orderId,
        kind: "NOTE" as const,
        reason: "Customer data redacted (customers/redact).",
        actor: "shopify:compliance",
        at: now,
      })),
    );
    return { redactedOrderIds: ids };
  });
}

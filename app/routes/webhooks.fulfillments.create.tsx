// POST /webhooks/fulfillments/create (shopify.app.toml); verification, dedupe and dispatch in shopify-webhooks.server.ts.
import { shopifyWebhookAction } from "~/lib/shopify-webhooks.server";

export const action = shopifyWebhookAction("fulfillments/create");

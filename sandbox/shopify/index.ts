// The Shopify stand-in (Admin GraphQL 2026-10 executed against Shopify's official schema).
export { LeakyBucket, type ThrottleStatus } from "./cost";
export { loadAdminSchema, SCHEMA_FILE, SHOPIFY_API_VERSION } from "./schema";
export {
  type FaultKind,
  type FaultSpec,
  type GraphQLRequestRecord,
  INVALID_TOKEN_MESSAGE,
  type ShopifyStandIn,
  type ShopifyStandInOptions,
  startShopifyStandIn,
} from "./server";
export type { FulfillmentSnapshot, LocationInput, OrderInput, OrderSnapshot, ProductInput, ShopStore } from "./store";
export { signWebhook, type WebhookDelivery, type WebhookSettings } from "./webhooks";

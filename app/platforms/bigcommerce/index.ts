export { bigCommerceCarrier } from "./carriers";
export { DEFAULT_API_BASE, describeErrorBody } from "./http";
export {
  BC_STATUS,
  type BigCommercePlatform,
  type BigCommercePlatformOptions,
  createBigCommercePlatform,
  type WebhookRegistration,
} from "./platform";
export {
  type BigCommerceWebhookPayload,
  type BigCommerceWebhookScope,
  bigCommerceWebhookPayload,
  CONSIGN_WEBHOOK_SCOPES,
  hasWebhookHeaders,
  type ParsedBigCommerceWebhook,
  parseBigCommerceWebhook,
  type WebhookParse,
} from "./webhooks";

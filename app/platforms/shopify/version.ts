/** The Shopify Admin API version Consign is built and tested against (pinned everywhere). */
export const SHOPIFY_API_VERSION = "2026-10";

/** Shopify's Admin GraphQL endpoint of a shop for the pinned version. */
export function shopifyGraphqlEndpoint(shopDomain: string, apiVersion: string = SHOPIFY_API_VERSION): string {
  return `https://${shopDomain}/admin/api/${apiVersion}/graphql.json`;
}

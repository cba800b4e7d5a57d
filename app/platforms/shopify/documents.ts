// Every Admin GraphQL operation the Shopify adapter sends (API 2026-10), as named documents.
// test/integration/shopify/graphql-documents.test.ts validates each one against Shopify's
// official 2026-10 schema. Page sizes keep every query under Shopify's single-query cost limit of
// 1,000 points (connection = 2 + first × node cost; notes/shopify.md §3); the costs are noted.

export const ORDER_FIELDS = `#graphql
  fragment OrderFields on Order {
    id
    name
    createdAt
    processedAt
    updatedAt
    cancelledAt
    email
    customer { firstName lastName email }
    shippingAddress { name firstName lastName company address1 address2 city province provinceCode zip country countryCodeV2 phone }
  }
`;

export const LINE_ITEM_FIELDS = `#graphql
  fragment LineItemFields on LineItem {
    id
    name
    title
    sku
    quantity
    currentQuantity
    variant { id }
    product { id }
    originalUnitPriceSet { shopMoney { amount } }
  }
`;

/** 2 + 250 × 1 = 252 */
export const PRODUCTS_PAGE = `#graphql
  query ProductsPage($first: Int!, $after: String, $query: String) {
    products(first: $first, after: $after, query: $query, sortKey: ID) {
      nodes { id title }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** 2 + 250 × 2 = 502 */
export const VARIANTS_OF_PRODUCTS = `#graphql
  query VariantsOfProducts($query: String!, $after: String) {
    productVariants(first: 250, after: $after, query: $query, sortKey: ID) {
      nodes { id title sku product { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** 3 + 2 + 100 × 5 = 505 */
export const GET_ORDER = `#graphql
  query GetOrder($id: ID!) {
    order(id: $id) {
      ...OrderFields
      lineItems(first: 100) {
        nodes { ...LineItemFields }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${ORDER_FIELDS}
  ${LINE_ITEM_FIELDS}
`;

/** 1 + 2 + 100 × 5 = 503 */
export const ORDER_LINE_ITEMS = `#graphql
  query OrderLineItems($id: ID!, $after: String) {
    order(id: $id) {
      id
      lineItems(first: 100, after: $after) {
        nodes { ...LineItemFields }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${LINE_ITEM_FIELDS}
`;

/** with $first = 8: 2 + 8 × (3 + 2 + 20 × 5) = 842 */
export const ORDERS_CHANGED_SINCE = `#graphql
  query OrdersChangedSince($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...OrderFields
        lineItems(first: 20) {
          nodes { ...LineItemFields }
          pageInfo { hasNextPage endCursor }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${ORDER_FIELDS}
  ${LINE_ITEM_FIELDS}
`;

export const FULFILLMENT_ORDER_LINE_FIELDS = `#graphql
  fragment FulfillmentOrderLineFields on FulfillmentOrderLineItem {
    id
    totalQuantity
    remainingQuantity
    lineItem { id }
  }
`;

/** 1 + 2 + 5 × (4 + 2 + 50 × 2) = 533 */
export const ORDER_FULFILLMENT_ORDERS = `#graphql
  query OrderFulfillmentOrders($id: ID!, $after: String) {
    order(id: $id) {
      id
      fulfillmentOrders(first: 5, after: $after) {
        nodes {
          id
          status
          assignedLocation { location { id } }
          supportedActions { action }
          lineItems(first: 50) {
            nodes { ...FulfillmentOrderLineFields }
            pageInfo { hasNextPage endCursor }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${FULFILLMENT_ORDER_LINE_FIELDS}
`;

/** 1 + 2 + 250 × 2 = 503 */
export const FULFILLMENT_ORDER_LINE_ITEMS = `#graphql
  query FulfillmentOrderLineItems($id: ID!, $after: String) {
    fulfillmentOrder(id: $id) {
      id
      lineItems(first: 250, after: $after) {
        nodes { ...FulfillmentOrderLineFields }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${FULFILLMENT_ORDER_LINE_FIELDS}
`;

/** 1 + 50 × (1 + 1 + 3) = 251 */
export const ORDER_FULFILLMENTS = `#graphql
  query OrderFulfillments($id: ID!) {
    order(id: $id) {
      id
      fulfillments(first: 50) {
        id
        status
        location { id }
        trackingInfo(first: 3) { number }
      }
    }
  }
`;

/** 1 + 1 + 50 + 2 + 100 × 2 = 254 */
export const FULFILLMENT_DETAIL = `#graphql
  query FulfillmentDetail($id: ID!, $after: String) {
    fulfillment(id: $id) {
      id
      status
      location { id }
      trackingInfo(first: 50) { company number url }
      fulfillmentLineItems(first: 100, after: $after) {
        nodes { quantity lineItem { id } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

/** 1 + 2 + 50 = 53 */
export const FULFILLMENT_EVENTS = `#graphql
  query FulfillmentEvents($id: ID!) {
    fulfillment(id: $id) {
      id
      status
      events(first: 50, sortKey: HAPPENED_AT, reverse: true) {
        nodes { status happenedAt }
      }
    }
  }
`;

/** mutations cost 10 */
export const FULFILLMENT_CREATE = `#graphql
  mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment { id status }
      userErrors { field message }
    }
  }
`;

export const FULFILLMENT_TRACKING_INFO_UPDATE = `#graphql
  mutation FulfillmentTrackingInfoUpdate($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!, $notifyCustomer: Boolean) {
    fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput, notifyCustomer: $notifyCustomer) {
      fulfillment { id }
      userErrors { field message }
    }
  }
`;

export const FULFILLMENT_CANCEL = `#graphql
  mutation FulfillmentCancel($id: ID!) {
    fulfillmentCancel(id: $id) {
      fulfillment { id status }
      userErrors { field message }
    }
  }
`;

export const FULFILLMENT_EVENT_CREATE = `#graphql
  mutation FulfillmentEventCreate($fulfillmentEvent: FulfillmentEventInput!) {
    fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {
      fulfillmentEvent { id status happenedAt }
      userErrors { field message }
    }
  }
`;

// ---------------------------------------------------------------- partner stores (partnerOrders.ts)

/** 2 + 25 × 2 = 52 */
export const PARTNER_VARIANTS_BY_SKU = `#graphql
  query PartnerVariantsBySku($query: String!) {
    productVariants(first: 25, query: $query) {
      nodes { id title sku product { id title } }
    }
  }
`;

/** 2 + 5 × 1 = 7 */
export const PARTNER_ORDER_BY_REFERENCE = `#graphql
  query PartnerOrderByReference($query: String!) {
    orders(first: 5, query: $query) {
      nodes { id name sourceIdentifier }
    }
  }
`;

/** mutations cost 10 */
export const PARTNER_ORDER_CREATE = `#graphql
  mutation PartnerOrderCreate($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
    orderCreate(order: $order, options: $options) {
      order { id name sourceIdentifier }
      userErrors { field message code }
    }
  }
`;

/** 1 + 250 × 1 = 251 */
export const PARTNER_ORDER = `#graphql
  query PartnerOrder($id: ID!) {
    order(id: $id) {
      id
      name
      sourceIdentifier
      updatedAt
      cancelledAt
      fulfillments(first: 250) { id }
    }
  }
`;

/** 1 + 10 + 2 + 100 × 3 = 313 */
export const PARTNER_FULFILLMENT = `#graphql
  query PartnerFulfillment($id: ID!, $after: String) {
    fulfillment(id: $id) {
      id
      status
      createdAt
      trackingInfo(first: 10) { company number url }
      fulfillmentLineItems(first: 100, after: $after) {
        nodes { quantity lineItem { sku variant { id } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

/** 2 + 50 × 1 = 52 */
export const PARTNER_ORDERS_CHANGED = `#graphql
  query PartnerOrdersChanged($query: String!, $after: String) {
    orders(first: 50, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes { id updatedAt }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** mutations cost 10 */
export const PARTNER_ORDER_CANCEL = `#graphql
  mutation PartnerOrderCancel($orderId: ID!, $staffNote: String) {
    orderCancel(orderId: $orderId, reason: OTHER, restock: true, notifyCustomer: false, staffNote: $staffNote) {
      job { id done }
      orderCancelUserErrors { field message code }
    }
  }
`;

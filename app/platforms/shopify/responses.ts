// zod schemas of the response data of documents.ts: only the fields we read, checked before use.
import { z } from "zod";

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const idOnly = z.object({ id: z.string() });
export const userErrors = z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() }));

export const productsPage = z.object({
  products: z.object({ nodes: z.array(z.object({ id: z.string(), title: z.string() })), pageInfo }),
});

export const variantsPage = z.object({
  productVariants: z.object({
    nodes: z.array(z.object({ id: z.string(), title: z.string(), sku: z.string().nullable(), product: idOnly })),
    pageInfo,
  }),
});

export const lineItem = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  sku: z.string().nullable(),
  quantity: z.number().int(),
  currentQuantity: z.number().int(),
  variant: idOnly.nullable(),
  product: idOnly.nullable(),
  originalUnitPriceSet: z.object({ shopMoney: z.object({ amount: z.union([z.string(), z.number()]).transform(String) }) }),
});
export type LineItem = z.output<typeof lineItem>;

const lineItemsConnection = z.object({ nodes: z.array(lineItem), pageInfo });

const orderFields = {
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  processedAt: z.string().nullable(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullable(),
  email: z.string().nullable(),
  customer: z.object({ firstName: z.string().nullable(), lastName: z.string().nullable(), email: z.string().nullable() }).nullable(),
  shippingAddress: z
    .object({
      name: z.string().nullable(),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      company: z.string().nullable(),
      address1: z.string().nullable(),
      address2: z.string().nullable(),
      city: z.string().nullable(),
      province: z.string().nullable(),
      provinceCode: z.string().nullable(),
      zip: z.string().nullable(),
      country: z.string().nullable(),
      countryCodeV2: z.string().nullable(),
      phone: z.string().nullable(),
    })
    .nullable(),
};
export const order = z.object({ ...orderFields, lineItems: lineItemsConnection });
export type Order = z.output<typeof order>;

export const getOrder = z.object({ order: order.nullable() });
export const orderLineItems = z.object({ order: z.object({ id: z.string(), lineItems: lineItemsConnection }).nullable() });
export const ordersPage = z.object({ orders: z.object({ nodes: z.array(order), pageInfo }) });

const fulfillmentOrderLine = z.object({
  id: z.string(),
  totalQuantity: z.number().int(),
  remainingQuantity: z.number().int(),
  lineItem: idOnly,
});
export type FulfillmentOrderLine = z.output<typeof fulfillmentOrderLine>;
const fulfillmentOrderLines = z.object({ nodes: z.array(fulfillmentOrderLine), pageInfo });

export const orderFulfillmentOrders = z.object({
  order: z
    .object({
      id: z.string(),
      fulfillmentOrders: z.object({
        nodes: z.array(
          z.object({
            id: z.string(),
            status: z.string(),
            assignedLocation: z.object({ location: idOnly.nullable() }),
            supportedActions: z.array(z.object({ action: z.string() })),
            lineItems: fulfillmentOrderLines,
          }),
        ),
        pageInfo,
      }),
    })
    .nullable(),
});

export const fulfillmentOrderLineItems = z.object({
  fulfillmentOrder: z.object({ id: z.string(), lineItems: fulfillmentOrderLines }).nullable(),
});

export const orderFulfillments = z.object({
  order: z
    .object({
      id: z.string(),
      fulfillments: z.array(
        z.object({
          id: z.string(),
          status: z.string(),
          location: idOnly.nullable(),
          trackingInfo: z.array(z.object({ number: z.string().nullable() })),
        }),
      ),
    })
    .nullable(),
});

export const fulfillmentDetail = z.object({
  fulfillment: z
    .object({
      id: z.string(),
      status: z.string(),
      location: idOnly.nullable(),
      trackingInfo: z.array(z.object({ company: z.string().nullable(), number: z.string().nullable(), url: z.string().nullable() })),
      fulfillmentLineItems: z.object({
        nodes: z.array(z.object({ quantity: z.number().int().nullable(), lineItem: idOnly })),
        pageInfo,
      }),
    })
    .nullable(),
});

export const fulfillmentEvents = z.object({
  fulfillment: z
    .object({
      id: z.string(),
      status: z.string(),
      events: z.object({ nodes: z.array(z.object({ status: z.string(), happenedAt: z.string() })) }),
    })
    .nullable(),
});

export const fulfillmentCreate = z.object({
  fulfillmentCreate: z.object({ fulfillment: z.object({ id: z.string(), status: z.string() }).nullable(), userErrors }).nullable(),
});
export const fulfillmentTrackingInfoUpdate = z.object({
  fulfillmentTrackingInfoUpdate: z.object({ fulfillment: idOnly.nullable(), userErrors }).nullable(),
});
export const fulfillmentCancel = z.object({
  fulfillmentCancel: z.object({ fulfillment: z.object({ id: z.string(), status: z.string() }).nullable(), userErrors }).nullable(),
});
export const fulfillmentEventCreate = z.object({
  fulfillmentEventCreate: z
    .object({ fulfillmentEvent: z.object({ id: z.string(), status: z.string(), happenedAt: z.string() }).nullable(), userErrors })
    .nullable(),
});

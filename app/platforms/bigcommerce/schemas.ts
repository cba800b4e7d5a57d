// The parts of BigCommerce's answers that the adapter relies on (orders.v2.oas2.yml,
// products_catalog.v3.yml, product-variants_catalog.v3.yml, webhooks.v3.yml). Other fields pass.
import { z } from "zod";

const id = z.number().int();
const optionalText = z.string().nullish();

export const v2Order = z.object({
  id,
  status_id: z.number().int(),
  status: z.string().optional(),
  date_created: z.string(),
  date_modified: z.string(),
  date_shipped: z.string().nullish(),
  items_total: z.number().optional(),
  items_shipped: z.number().optional(),
  is_deleted: z.boolean().optional(),
  billing_address: z
    .object({ first_name: optionalText, last_name: optionalText, email: optionalText })
    .nullish(),
});
export type V2Order = z.output<typeof v2Order>;

export const v2OrderProduct = z.object({
  id,
  product_id: z.number().int().nullish(),
  variant_id: z.number().int().nullish(),
  order_address_id: z.number().int(),
  order_pickup_method_id: z.number().int().nullish(),
  name: z.string(),
  sku: optionalText,
  type: z.string().optional(),
  quantity: z.number().int(),
  quantity_shipped: z.number(),
  quantity_refunded: z.number().optional(),
  base_price: optionalText,
});
export type V2OrderProduct = z.output<typeof v2OrderProduct>;

export const v2ShippingAddress = z.object({
  id,
  first_name: optionalText,
  last_name: optionalText,
  company: optionalText,
  street_1: optionalText,
  street_2: optionalText,
  city: optionalText,
  state: optionalText,
  zip: optionalText,
  country: optionalText,
  country_iso2: optionalText,
  phone: optionalText,
  email: optionalText,
});
export type V2ShippingAddress = z.output<typeof v2ShippingAddress>;

export const v2Shipment = z.object({
  id,
  order_id: z.number().int().optional(),
  order_address_id: z.number().int(),
  tracking_number: z.string().nullish(),
  shipping_provider: optionalText,
  tracking_carrier: optionalText,
  tracking_link: optionalText,
  comments: optionalText,
  items: z.array(z.object({ order_product_id: id, quantity: z.number().int() })),
});
export type V2Shipment = z.output<typeof v2Shipment>;

export const v3Pagination = z.object({
  meta: z.object({
    pagination: z.object({
      total: z.number().int(),
      count: z.number().int(),
      per_page: z.number().int(),
      current_page: z.number().int(),
      total_pages: z.number().int(),
    }),
  }),
});

export const v3Variant = z.object({
  id,
  product_id: id,
  sku: optionalText,
  option_values: z.array(z.object({ label: z.string(), option_display_name: z.string().optional() })).optional(),
});

export const v3Product = z.object({
  id,
  name: z.string(),
  sku: optionalText,
  variants: z.array(v3Variant).optional(),
});

export const v3ProductsPage = v3Pagination.extend({ data: z.array(v3Product) });

export const v3Hook = z.object({
  id,
  scope: z.string(),
  destination: z.string(),
  is_active: z.boolean().optional(),
  headers: z.record(z.string(), z.string()).nullish(),
});
export type V3Hook = z.output<typeof v3Hook>;

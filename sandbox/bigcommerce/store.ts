// One BigCommerce store in memory: catalog, orders with their products, shipping addresses and
// shipments, and webhooks. The rules a real store applies to shipments live here; the HTTP
// server (index.ts) turns requests into calls of these methods and checks both ends against the
// OpenAPI files. Sources: notes/bigcommerce.md §2-§4 and the spec files named there.
import { randomBytes } from "node:crypto";

export interface AddressInput {
  first_name?: string;
  last_name?: string;
  company?: string;
  street_1?: string;
  street_2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  country_iso2?: string;
  phone?: string;
  email?: string;
}

export interface StandInVariant {
  id: number;
  product_id: number;
  sku: string;
  sku_id: number;
  price: number;
  inventory_level: number;
  option_values: { id: number; label: string; option_id: number; option_display_name: string }[];
}

export interface StandInProduct {
  id: number;
  name: string;
  type: "physical" | "digital";
  sku: string;
  description: string;
  price: number;
  weight: number;
  is_visible: boolean;
  date_created: Date;
  date_modified: Date;
  /** the variant of a product without options; absent on products with options */
  base_variant_id?: number;
  variants: StandInVariant[];
}

export interface StandInOrderProduct {
  id: number;
  order_id: number;
  product_id: number;
  variant_id: number;
  order_address_id: number;
  name: string;
  sku: string;
  type: "physical" | "digital" | "giftcertificate";
  quantity: number;
  quantity_shipped: number;
  quantity_refunded: number;
  price: number;
}

export interface StandInAddress extends Required<AddressInput> {
  id: number;
  order_id: number;
  shipping_method: string;
}

export interface StandInShipment {
  id: number;
  order_id: number;
  customer_id: number;
  order_address_id: number;
  date_created: Date;
  tracking_number: string;
  merchant_shipping_cost: string;
  shipping_method: string;
  shipping_provider: string;
  tracking_carrier: string;
  tracking_link: string;
  comments: string;
  items: { order_product_id: number; product_id: number; quantity: number }[];
}

export interface StandInOrder {
  id: number;
  customer_id: number;
  status_id: number;
  date_created: Date;
  date_modified: Date;
  date_shipped: Date | null;
  is_deleted: boolean;
  billing_address: Required<AddressInput>;
  products: StandInOrderProduct[];
  addresses: StandInAddress[];
  shipments: StandInShipment[];
  /** order_Post fields kept as written: external_order_id is also a GET /orders filter */
  external_order_id: string;
  external_source: string | null;
  staff_notes: string;
  customer_message: string;
  /** order_source as answered ("external" unless the control API says otherwise) */
  order_source: string;
}

export interface StandInHook {
  id: number;
  client_id: string;
  store_hash: string;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
  created_at: number;
  updated_at: number;
}

export interface CreateProductInput {
  name: string;
  sku?: string;
  type?: "physical" | "digital";
  price?: number;
  description?: string;
  /** options make the product complex: one variant per entry; without, one base variant */
  variants?: { sku: string; options: Record<string, string>; price?: number }[];
}

export interface CreateOrderInput {
  products: {
    productId?: number;
    variantId?: number;
    name?: string;
    sku?: string;
    quantity: number;
    price?: number;
    type?: "physical" | "digital" | "giftcertificate";
    /** index into shippingAddresses (default 0) */
    address?: number;
  }[];
  shippingAddresses?: AddressInput[];
  billingAddress?: AddressInput;
  /** default 11 Awaiting Fulfillment */
  statusId?: number;
  customerId?: number;
  dateCreated?: Date;
  externalOrderId?: string;
  externalSource?: string | null;
  staffNotes?: string;
  customerMessage?: string;
  orderSource?: string;
}

/** GET /order_statuses names (orders.v2.oas2.yml; notes §2 "Order status IDs"). */
export const ORDER_STATUS_NAMES: Record<number, string> = {
  0: "Incomplete",
  1: "Pending",
  2: "Shipped",
  3: "Partially Shipped",
  4: "Refunded",
  5: "Cancelled",
  6: "Declined",
  7: "Awaiting Payment",
  8: "Awaiting Pickup",
  9: "Awaiting Shipment",
  10: "Completed",
  11: "Awaiting Fulfillment",
  12: "Manual Verification Required",
  13: "Disputed",
  14: "Partially Refunded",
};

/** A refusal in BigCommerce's words: the server renders it as a v2 array or a v3 object. */
export class StoreRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export const NOT_FOUND = "The requested resource was not found."; // 404_Resp example

export type StoreEvent = { scope: string; data: Record<string, unknown> };

const defaultAddress: Required<AddressInput> = {
  first_name: "Jane",
  last_name: "Doe",
  company: "",
  street_1: "455 Main Street",
  street_2: "",
  city: "Austin",
  state: "Texas",
  zip: "78751",
  country: "United States",
  country_iso2: "US",
  phone: "555-123-4567",
  email: "janedoe@example.com",
};

const EMPTY_ADDRESS: Required<AddressInput> = {
  first_name: "",
  last_name: "",
  company: "",
  street_1: "",
  street_2: "",
  city: "",
  state: "",
  zip: "",
  country: "",
  country_iso2: "",
  phone: "",
  email: "",
};

/** v2 dates: RFC-2822 in UTC, "Wed, 10 Jan 2018 21:05:30 +0000" (orders.v2.oas2.yml). */
export const rfc2822 = (d: Date) => d.toUTCString().replace("GMT", "+0000");
/** v3 dates: ISO-8601 with offset, "2018-08-15T14:49:05+00:00" (product_Full example). */
export const iso8601 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "+00:00");
const money = (n: number) => n.toFixed(4);
/** BigCommerce keeps whole seconds. */
const second = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

export class StandInStore {
  readonly storeId: string;
  readonly products = new Map<number, StandInProduct>();
  readonly orders = new Map<number, StandInOrder>();
  readonly hooks = new Map<number, StandInHook>();
  private seq = { product: 100, variant: 300, order: 100, orderProduct: 10, address: 20, shipment: 0, hook: 18048000, optionValue: 170 };

  constructor(
    readonly hash: string,
    public accessToken: string,
    readonly clientId: string,
    private readonly now: () => Date,
    private readonly emit: (store: StandInStore, event: StoreEvent) => void,
  ) {
    this.storeId = String(1_000_000 + (Number.parseInt(randomBytes(3).toString("hex"), 16) % 9_000_000));
  }

  private stamp(): Date {
    return second(this.now());
  }

  // ---- catalog ---------------------------------------------------------------------------

  createProduct(input: CreateProductInput): StandInProduct {
    const id = ++this.seq.product;
    const at = this.stamp();
    const product: StandInProduct = {
      id,
      name: input.name,
      type: input.type ?? "physical",
      sku: input.sku ?? "",
      description: input.description ?? "",
      price: input.price ?? 10,
      weight: 1,
      is_visible: true,
      date_created: at,
      date_modified: at,
      variants: [],
    };
    this.products.set(id, product);
    if (input.variants?.length) {
      for (const v of input.variants) this.createVariant(id, v);
    } else {
      const base = this.addVariant(product, { sku: product.sku, options: {}, price: product.price });
      product.base_variant_id = base.id;
    }
    return product;
  }

  createVariant(productId: number, input: { sku: string; options: Record<string, string>; price?: number }): StandInVariant {
    const product = this.products.get(productId);
    if (!product) throw new Error(`stand-in: no product ${productId}`);
    if (product.base_variant_id !== undefined && product.variants.length === 1 && product.variants[0].option_values.length === 0) {
      // a product that gains options stops having a base variant
      product.variants = [];
      product.base_variant_id = undefined;
    }
    product.date_modified = this.stamp();
    return this.addVariant(product, input);
  }

  private addVariant(product: StandInProduct, input: { sku: string; options: Record<string, string>; price?: number }): StandInVariant {
    const id = ++this.seq.variant;
    const variant: StandInVariant = {
      id,
      product_id: product.id,
      sku: input.sku,
      sku_id: id + 1000,
      price: input.price ?? product.price,
      inventory_level: 0,
      option_values: Object.entries(input.options).map(([name, label], i) => ({
        id: ++this.seq.optionValue,
        label,
        option_id: 200 + i,
        option_display_name: name,
      })),
    };
    product.variants.push(variant);
    return variant;
  }

  /** GET /catalog/products filters the stand-in implements: keyword, id, id:in, sku, name, is_visible. */
  findProducts(q: URLSearchParams): StandInProduct[] {
    let rows = [...this.products.values()];
    const keyword = q.get("keyword")?.toLowerCase();
    // KeywordParam: "name, description, or sku fields, or in the brand name"
    if (keyword) rows = rows.filter((p) => [p.name, p.description, p.sku, ...p.variants.map((v) => v.sku)].some((s) => s.toLowerCase().includes(keyword)));
    const id = q.get("id");
    if (id) rows = rows.filter((p) => p.id === Number(id));
    const idIn = q.get("id:in");
    if (idIn) {
      const ids = new Set(idIn.split(",").map(Number));
      rows = rows.filter((p) => ids.has(p.id));
    }
    const sku = q.get("sku");
    if (sku) rows = rows.filter((p) => p.sku === sku); // main SKU only (notes §3)
    const name = q.get("name");
    if (name) rows = rows.filter((p) => p.name === name);
    const visible = q.get("is_visible");
    if (visible !== null) rows = rows.filter((p) => p.is_visible === (visible === "true" || visible === "1"));
    return rows.sort((a, b) => a.id - b.id);
  }

  // ---- orders ----------------------------------------------------------------------------

  createOrder(input: CreateOrderInput): StandInOrder {
    if (input.products.length === 0) throw new Error("stand-in: an order needs products");
    const id = ++this.seq.order;
    const at = input.dateCreated ? second(input.dateCreated) : this.stamp();
    const addresses = (input.shippingAddresses?.length ? input.shippingAddresses : [{}]).map(
      (a): StandInAddress => ({ ...defaultAddress, ...a, id: ++this.seq.address, order_id: id, shipping_method: "Flat Rate" }),
    );
    const products = input.products.map((p): StandInOrderProduct => {
      const catalog = p.productId ? this.products.get(p.productId) : undefined;
      if (p.productId && !catalog) throw new Error(`stand-in: no product ${p.productId}`);
      const variant = catalog ? (p.variantId ? catalog.variants.find((v) => v.id === p.variantId) : catalog.variants[0]) : undefined;
      if (p.variantId && !variant) throw new Error(`stand-in: product ${p.productId} has no variant ${p.variantId}`);
      const address = addresses[p.address ?? 0];
      if (!address) throw new Error(`stand-in: no shipping address #${p.address}`);
      if (!Number.isInteger(p.quantity) || p.quantity < 1) throw new Error("stand-in: quantity must be a whole number ≥ 1");
      return {
        id: ++this.seq.orderProduct,
        order_id: id,
        product_id: catalog?.id ?? 0, // custom products have 0/0 (notes §3)
        variant_id: variant?.id ?? 0,
        order_address_id: address.id,
        name: p.name ?? catalog?.name ?? "Custom product",
        sku: p.sku ?? variant?.sku ?? catalog?.sku ?? "",
        type: p.type ?? catalog?.type ?? "physical",
        quantity: p.quantity,
        quantity_shipped: 0,
        quantity_refunded: 0,
        price: p.price ?? variant?.price ?? catalog?.price ?? 10,
      };
    });
    const order: StandInOrder = {
      id,
      customer_id: input.customerId ?? 0,
      status_id: input.statusId ?? 11,
      date_created: at,
      date_modified: at,
      date_shipped: null,
      is_deleted: false,
      billing_address: { ...defaultAddress, ...input.billingAddress },
      products,
      addresses,
      shipments: [],
      external_order_id: input.externalOrderId ?? "",
      external_source: input.externalSource ?? null,
      staff_notes: input.staffNotes ?? "",
      customer_message: input.customerMessage ?? "",
      order_source: input.orderSource ?? "external",
    };
    this.orders.set(id, order);
    this.emit(this, { scope: "store/order/created", data: { type: "order", id } });
    return order;
  }

  /**
   * POST /orders (createOrder), legacy mode: `products` and `billing_address` are required ("Required
   * Fields" of the operation's description; the schema itself marks none), with optional
   * `shipping_addresses`. A catalog product names `product_id` and, for a product with variants,
   * `variant_id` ("product_options are required when adding a product with variants and not
   * specifying the variant_id"); a custom product needs name, quantity, price_inc_tax and
   * price_ex_tax (orderCustomProduct_Post). Consignments (pickup) are not served by the stand-in.
   * "The V2 Orders API will not trigger the typical Order Email" (createOrder description): the
   * stand-in sends none either. The shape was already checked against order_Post by the server.
   */
  createOrderFromApi(body: Record<string, unknown>): StandInOrder {
    if (body.consignments !== undefined) throw new StoreRefusal(501, "The stand-in does not create orders with consignments.");
    const products = body.products;
    if (!Array.isArray(products) || products.length === 0) throw new StoreRefusal(400, "The required field 'products' was not supplied.", "products");
    const billing = body.billing_address as AddressInput | undefined;
    if (!billing) throw new StoreRefusal(400, "The required field 'billing_address' was not supplied.", "billing_address");
    const shipping = (body.shipping_addresses as (AddressInput & { shipping_method?: string })[] | undefined) ?? [];
    // legacy mode without order_address_id on products: every product ships to the one address
    if (shipping.length > 1) throw new StoreRefusal(501, "The stand-in creates orders with at most one shipping address.");
    const lines: CreateOrderInput["products"] = products.map((raw: Record<string, unknown>, i) => {
      const quantity = raw.quantity;
      if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) {
        throw new StoreRefusal(400, `The field 'products.${i}.quantity' is invalid: it must be a whole number of at least 1.`, `products.${i}.quantity`);
      }
      if (raw.product_id === undefined) {
        for (const k of ["name", "price_inc_tax", "price_ex_tax"]) {
          if (raw[k] === undefined) throw new StoreRefusal(400, `The required field 'products.${i}.${k}' was not supplied.`, `products.${i}.${k}`);
        }
        return { name: String(raw.name), sku: typeof raw.sku === "string" ? raw.sku : "", quantity, price: Number(raw.price_ex_tax) };
      }
      const product = this.products.get(Number(raw.product_id));
      if (!product) throw new StoreRefusal(400, `The field 'products.${i}.product_id' is invalid: product ${raw.product_id} does not exist.`, `products.${i}.product_id`);
      let variantId: number | undefined;
      if (raw.variant_id !== undefined) {
        const variant = product.variants.find((v) => v.id === Number(raw.variant_id));
        if (!variant) {
          throw new StoreRefusal(400, `The field 'products.${i}.variant_id' is invalid: product ${product.id} has no variant ${raw.variant_id}.`, `products.${i}.variant_id`);
        }
        variantId = variant.id;
      } else if (product.base_variant_id === undefined) {
        throw new StoreRefusal(400, `The field 'products.${i}.product_options' is required for product ${product.id}, which has variants, when variant_id is not given.`, `products.${i}.product_options`);
      }
      const price = typeof raw.price_ex_tax === "number" ? raw.price_ex_tax : undefined;
      return { productId: product.id, ...(variantId !== undefined ? { variantId } : {}), quantity, ...(price !== undefined ? { price } : {}) };
    });
    const text = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : undefined);
    const dateCreated = text("date_created");
    // what the request leaves out stays empty (the control API's demo defaults are not applied)
    const written = (a: AddressInput): AddressInput => ({ ...EMPTY_ADDRESS, ...a });
    return this.createOrder({
      products: lines,
      shippingAddresses: (shipping.length ? shipping.map(({ shipping_method: _m, ...a }) => a) : [billing]).map(written),
      billingAddress: written(billing),
      statusId: typeof body.status_id === "number" ? body.status_id : 1, // unverified default: Pending
      customerId: typeof body.customer_id === "number" ? body.customer_id : 0,
      ...(dateCreated && !Number.isNaN(Date.parse(dateCreated)) ? { dateCreated: new Date(dateCreated) } : {}),
      externalOrderId: text("external_order_id") ?? "",
      externalSource: text("external_source") ?? null,
      staffNotes: text("staff_notes") ?? "",
      customerMessage: text("customer_message") ?? "",
      orderSource: "external",
    });
  }

  order(id: number): StandInOrder {
    const order = this.orders.get(id);
    if (!order || order.is_deleted) throw new StoreRefusal(404, NOT_FOUND);
    return order;
  }

  /** Marks units refunded (control API): they are no longer due. */
  refund(orderId: number, orderProductId: number, quantity: number): void {
    const order = this.order(orderId);
    const product = order.products.find((p) => p.id === orderProductId);
    if (!product) throw new Error(`stand-in: order ${orderId} has no order product ${orderProductId}`);
    product.quantity_refunded = Math.min(product.quantity, product.quantity_refunded + quantity);
    this.touch(order);
  }

  /** Changes date_modified (control API), as any edit in the control panel would. */
  touch(order: StandInOrder, at?: Date): void {
    order.date_modified = at ? second(at) : this.stamp();
    this.emit(this, { scope: "store/order/updated", data: { type: "order", id: order.id } });
  }

  /** GET /orders: the filters Consign uses, the documented sorts, page and limit. */
  findOrders(q: URLSearchParams): StandInOrder[] {
    let rows = [...this.orders.values()].filter((o) => !o.is_deleted);
    const date = (name: string): number | null => {
      const raw = q.get(name);
      if (raw === null) return null;
      const t = Date.parse(raw); // RFC-2822 or ISO-8601 (parameter descriptions)
      if (Number.isNaN(t)) throw new StoreRefusal(400, `The field '${name}' is invalid: "${raw}" is not an RFC-2822 or ISO-8601 date.`, name);
      return t;
    };
    const minMod = date("min_date_modified");
    const maxMod = date("max_date_modified");
    const minCre = date("min_date_created");
    const maxCre = date("max_date_created");
    if (minMod !== null) rows = rows.filter((o) => o.date_modified.getTime() >= minMod);
    if (maxMod !== null) rows = rows.filter((o) => o.date_modified.getTime() <= maxMod);
    if (minCre !== null) rows = rows.filter((o) => o.date_created.getTime() >= minCre);
    if (maxCre !== null) rows = rows.filter((o) => o.date_created.getTime() <= maxCre);
    const status = q.get("status_id");
    if (status !== null) rows = rows.filter((o) => o.status_id === Number(status));
    const minId = q.get("min_id");
    if (minId !== null) rows = rows.filter((o) => o.id >= Number(minId));
    const maxId = q.get("max_id");
    if (maxId !== null) rows = rows.filter((o) => o.id <= Number(maxId));
    const external = q.get("external_order_id");
    if (external !== null) rows = rows.filter((o) => o.external_order_id === external);
    const [field, dir] = (q.get("sort") ?? "id").split(":");
    const value = (o: StandInOrder): number =>
      field === "date_modified" ? o.date_modified.getTime() : field === "date_created" ? o.date_created.getTime() : field === "status_id" ? o.status_id : field === "customer_id" ? o.customer_id : o.id;
    const sign = dir === "desc" ? -1 : 1;
    return rows.sort((a, b) => sign * (value(a) - value(b)) || a.id - b.id);
  }

  updateOrderStatus(orderId: number, statusId: number): StandInOrder {
    const order = this.order(orderId);
    if (!(statusId in ORDER_STATUS_NAMES)) throw new StoreRefusal(400, `The field 'status_id' is invalid: no order status ${statusId}.`, "status_id");
    this.setStatus(order, statusId);
    this.touch(order);
    return order;
  }

  private setStatus(order: StandInOrder, statusId: number): void {
    const previous = order.status_id;
    if (previous === statusId) return;
    order.status_id = statusId;
    this.emit(this, { scope: "store/order/statusUpdated", data: { type: "order", id: order.id, status: { previous_status_id: previous, new_status_id: statusId } } });
  }

  // ---- shipments -------------------------------------------------------------------------

  /**
   * POST /orders/{id}/shipments. order_address_id and items are required (spec description).
   * A shipment may not carry more of an order product than is still unshipped
   * (quantity − quantity_shipped): the exact refusal is not published, so it is HTTP 400 with a
   * v2 error array, as notes §2 suggests; clients branch on the status, not the text.
   * Then quantity_shipped follows, and the order moves to Shipped (2, with date_shipped) when
   * every physical unit that is not refunded has shipped, else to Partially Shipped (3)
   * (notes §2 "Automatic status change on shipment creation").
   */
  createShipment(orderId: number, body: Record<string, unknown>): StandInShipment {
    const order = this.order(orderId);
    const addressId = body.order_address_id;
    if (addressId === undefined) throw new StoreRefusal(400, "The required field 'order_address_id' was not supplied.", "order_address_id");
    const address = order.addresses.find((a) => a.id === addressId);
    if (!address) throw new StoreRefusal(400, `The field 'order_address_id' is invalid: order ${orderId} has no shipping address ${addressId}.`, "order_address_id");
    const items = (body.items ?? []) as { order_product_id?: number; quantity?: number }[];
    if (!Array.isArray(items) || items.length === 0) throw new StoreRefusal(400, "The required field 'items' was not supplied.", "items");
    const wanted = new Map<number, number>();
    for (const item of items) {
      if (item.order_product_id === undefined || item.quantity === undefined) {
        throw new StoreRefusal(400, "The field 'items' is invalid: each item needs order_product_id and quantity.", "items");
      }
      const product = order.products.find((p) => p.id === item.order_product_id);
      if (!product) throw new StoreRefusal(400, `The field 'items' is invalid: order ${orderId} has no order product ${item.order_product_id}.`, "items");
      if (product.type !== "physical") throw new StoreRefusal(400, `The field 'items' is invalid: order product ${product.id} is not a physical product.`, "items");
      if (product.order_address_id !== address.id) {
        throw new StoreRefusal(400, `The field 'items' is invalid: order product ${product.id} ships to address ${product.order_address_id}, not ${address.id}.`, "items");
      }
      if (item.quantity < 1) throw new StoreRefusal(400, "The field 'items' is invalid: quantity must be at least 1.", "items");
      wanted.set(product.id, (wanted.get(product.id) ?? 0) + item.quantity);
    }
    for (const [productId, quantity] of wanted) {
      const product = order.products.find((p) => p.id === productId)!;
      const unshipped = product.quantity - product.quantity_shipped;
      if (quantity > unshipped) {
        throw new StoreRefusal(
          400,
          `The quantity to ship for order product ${productId} (${quantity}) is more than the quantity not yet shipped (${unshipped}).`,
          "items",
        );
      }
    }
    const text = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
    const shipment: StandInShipment = {
      id: ++this.seq.shipment,
      order_id: orderId,
      customer_id: order.customer_id,
      order_address_id: address.id,
      date_created: this.stamp(),
      tracking_number: text("tracking_number"),
      merchant_shipping_cost: text("merchant_shipping_cost") || "0.0000",
      shipping_method: text("shipping_method"),
      // omitted → "custom" (notes §2, old stoplight docs)
      shipping_provider: body.shipping_provider === undefined ? "custom" : text("shipping_provider"),
      tracking_carrier: text("tracking_carrier"),
      tracking_link: text("tracking_link"),
      comments: text("comments"),
      items: [...wanted].map(([id, quantity]) => ({ order_product_id: id, product_id: order.products.find((p) => p.id === id)!.product_id, quantity })),
    };
    for (const [productId, quantity] of wanted) order.products.find((p) => p.id === productId)!.quantity_shipped += quantity;
    order.shipments.push(shipment);
    this.emit(this, { scope: "store/shipment/created", data: { type: "shipment", id: shipment.id, orderId } });
    const done = order.products.filter((p) => p.type === "physical").every((p) => p.quantity_shipped >= p.quantity - p.quantity_refunded);
    if (done) order.date_shipped = this.stamp();
    this.setStatus(order, done ? 2 : 3);
    this.touch(order);
    return shipment;
  }

  /** The order's shipments as the store holds them (control API). */
  shipments(orderId: number): StandInShipment[] {
    return this.order(orderId).shipments;
  }

  shipment(orderId: number, shipmentId: number): StandInShipment {
    const shipment = this.order(orderId).shipments.find((s) => s.id === shipmentId);
    if (!shipment) throw new StoreRefusal(404, NOT_FOUND);
    return shipment;
  }

  /** PUT /orders/{id}/shipments/{sid}: tracking fields only; items cannot change (notes §2). */
  updateShipment(orderId: number, shipmentId: number, body: Record<string, unknown>): StandInShipment {
    const shipment = this.shipment(orderId, shipmentId);
    if ("items" in body) {
      // message in the form BigCommerce uses for read-only fields (notes §2, PUT shipping address 400)
      throw new StoreRefusal(400, "The field 'items' cannot be written to. Please remove it from your request before trying again.", "items");
    }
    if (body.order_address_id !== undefined && body.order_address_id !== shipment.order_address_id) {
      const order = this.order(orderId);
      if (!order.addresses.some((a) => a.id === body.order_address_id)) {
        throw new StoreRefusal(400, `The field 'order_address_id' is invalid: order ${orderId} has no shipping address ${body.order_address_id}.`, "order_address_id");
      }
      shipment.order_address_id = body.order_address_id as number;
    }
    for (const k of ["tracking_number", "merchant_shipping_cost", "shipping_method", "shipping_provider", "tracking_carrier", "tracking_link", "comments"] as const) {
      if (typeof body[k] === "string") shipment[k] = body[k] as string;
    }
    this.emit(this, { scope: "store/shipment/updated", data: { type: "shipment", id: shipment.id, orderId } });
    this.touch(this.order(orderId));
    return shipment;
  }

  /**
   * DELETE a shipment: its units are unshipped again. The order status stays: "Deleting a
   * shipment does not move the order out of shipped status" (notes §2, docs/store-operations/orders).
   */
  deleteShipment(orderId: number, shipmentId: number): void {
    const order = this.order(orderId);
    const shipment = this.shipment(orderId, shipmentId);
    for (const item of shipment.items) {
      const product = order.products.find((p) => p.id === item.order_product_id);
      if (product) product.quantity_shipped = Math.max(0, product.quantity_shipped - item.quantity);
    }
    order.shipments = order.shipments.filter((s) => s.id !== shipmentId);
    this.emit(this, { scope: "store/shipment/deleted", data: { type: "shipment", id: shipmentId, orderId } });
    this.touch(order);
  }

  deleteAllShipments(orderId: number): void {
    for (const s of [...this.order(orderId).shipments]) this.deleteShipment(orderId, s.id);
  }

  // ---- webhooks --------------------------------------------------------------------------

  /** POST /hooks. Destination HTTPS on 443; one hook per scope + destination; 10 per scope (notes §4). */
  createHook(body: { scope: string; destination: string; is_active?: boolean; headers?: Record<string, string> | null }): StandInHook {
    const url = URL.canParse(body.destination) ? new URL(body.destination) : null;
    if (url?.protocol !== "https:" || (url.port !== "" && url.port !== "443")) {
      throw new StoreRefusal(422, "The destination must be an HTTPS URL on port 443.", "destination");
    }
    const sameScope = [...this.hooks.values()].filter((h) => h.scope === body.scope);
    if (sameScope.some((h) => h.destination === body.destination)) {
      throw new StoreRefusal(422, `A webhook for ${body.scope} to this destination already exists.`, "destination");
    }
    if (sameScope.length >= 10) throw new StoreRefusal(422, `At most 10 webhooks per scope; ${body.scope} has 10.`, "scope");
    const at = Math.floor(this.now().getTime() / 1000);
    const hook: StandInHook = {
      id: ++this.seq.hook,
      client_id: this.clientId,
      store_hash: this.hash,
      scope: body.scope,
      destination: body.destination,
      is_active: body.is_active ?? true,
      headers: body.headers ?? null,
      created_at: at,
      updated_at: at,
    };
    this.hooks.set(hook.id, hook);
    return hook;
  }

  hook(id: number): StandInHook {
    const hook = this.hooks.get(id);
    if (!hook) throw new StoreRefusal(404, `Webhook with id [${id}] not found`); // 404_NotFound example
    return hook;
  }

  updateHook(id: number, body: { scope?: string; destination?: string; is_active?: boolean; headers?: Record<string, string> | null }): StandInHook {
    const hook = this.hook(id);
    if (Object.keys(body).length === 0) throw new StoreRefusal(422, "At least one field is required to perform an update.", null);
    if (body.scope !== undefined) hook.scope = body.scope;
    if (body.destination !== undefined) hook.destination = body.destination;
    if (body.is_active !== undefined) hook.is_active = body.is_active;
    if (body.headers !== undefined) hook.headers = body.headers;
    hook.updated_at = Math.floor(this.now().getTime() / 1000);
    return hook;
  }

  deleteHook(id: number): StandInHook {
    const hook = this.hook(id);
    this.hooks.delete(id);
    return hook;
  }
}

// ---- representations (what the API answers) ---------------------------------------------

const resource = (storeHash: string, apiBase: string, path: string) => ({ url: `${apiBase}/stores/${storeHash}/v2${path}`, resource: path });

export function orderJson(order: StandInOrder, storeHash: string, apiBase: string): Record<string, unknown> {
  const subtotal = order.products.reduce((sum, p) => sum + p.price * p.quantity, 0);
  return {
    id: order.id,
    customer_id: order.customer_id,
    date_created: rfc2822(order.date_created),
    date_modified: rfc2822(order.date_modified),
    date_shipped: order.date_shipped ? rfc2822(order.date_shipped) : "",
    status_id: order.status_id,
    status: ORDER_STATUS_NAMES[order.status_id],
    custom_status: ORDER_STATUS_NAMES[order.status_id],
    subtotal_ex_tax: money(subtotal),
    subtotal_inc_tax: money(subtotal),
    subtotal_tax: money(0),
    base_shipping_cost: money(0),
    shipping_cost_ex_tax: money(0),
    shipping_cost_inc_tax: money(0),
    shipping_cost_tax: money(0),
    total_ex_tax: money(subtotal),
    total_inc_tax: money(subtotal),
    total_tax: money(0),
    items_total: order.products.reduce((n, p) => n + p.quantity, 0),
    items_shipped: order.products.reduce((n, p) => n + p.quantity_shipped, 0),
    payment_method: "Credit Card",
    payment_status: "captured",
    refunded_amount: money(order.products.reduce((sum, p) => sum + p.price * p.quantity_refunded, 0)),
    order_is_digital: order.products.every((p) => p.type !== "physical"),
    currency_code: "USD",
    default_currency_code: "USD",
    currency_exchange_rate: "1.0000000000",
    staff_notes: order.staff_notes,
    customer_message: order.customer_message,
    discount_amount: money(0),
    shipping_address_count: order.addresses.length,
    is_deleted: order.is_deleted,
    billing_address: { ...order.billing_address, form_fields: [] },
    is_email_opt_in: false,
    order_source: order.order_source,
    channel_id: 1,
    external_source: order.external_source,
    products: resource(storeHash, apiBase, `/orders/${order.id}/products`),
    shipping_addresses: resource(storeHash, apiBase, `/orders/${order.id}/shipping_addresses`),
    coupons: resource(storeHash, apiBase, `/orders/${order.id}/coupons`),
    external_id: null,
    external_merchant_id: null,
    external_order_id: order.external_order_id,
    tax_provider_id: "",
    customer_locale: "en",
  };
}

export function orderProductJson(p: StandInOrderProduct): Record<string, unknown> {
  return {
    id: p.id,
    order_id: p.order_id,
    product_id: p.product_id,
    variant_id: p.variant_id,
    order_address_id: p.order_address_id,
    order_pickup_method_id: 0,
    name: p.name,
    name_customer: p.name,
    name_merchant: p.name,
    sku: p.sku,
    upc: "",
    type: p.type,
    base_price: money(p.price),
    price_ex_tax: money(p.price),
    price_inc_tax: money(p.price),
    price_tax: money(0),
    base_total: money(p.price * p.quantity),
    total_ex_tax: money(p.price * p.quantity),
    total_inc_tax: money(p.price * p.quantity),
    total_tax: money(0),
    quantity: p.quantity,
    quantity_shipped: p.quantity_shipped,
    quantity_refunded: p.quantity_refunded,
    is_refunded: p.quantity_refunded > 0 && p.quantity_refunded >= p.quantity,
    refund_amount: money(p.price * p.quantity_refunded),
    return_id: 0,
    parent_order_product_id: null,
    is_bundled_product: false,
    applied_discounts: [],
    product_options: [],
    configurable_fields: [],
  };
}

export function addressJson(a: StandInAddress, order: StandInOrder, storeHash: string, apiBase: string): Record<string, unknown> {
  const items = order.products.filter((p) => p.order_address_id === a.id);
  const { id, order_id, shipping_method, ...fields } = a;
  return {
    id,
    order_id,
    ...fields,
    items_total: items.reduce((n, p) => n + p.quantity, 0),
    items_shipped: items.reduce((n, p) => n + p.quantity_shipped, 0),
    base_cost: money(0),
    cost_ex_tax: money(0),
    cost_inc_tax: money(0),
    cost_tax: money(0),
    shipping_zone_id: 1,
    shipping_zone_name: "United States",
    form_fields: [],
    shipping_quotes: resource(storeHash, apiBase, `/orders/${order_id}/shipping_addresses/${id}/shipping_quotes`),
    shipping_method,
  };
}

const PROVIDER_NAMES: Record<string, string> = {
  auspost: "Australia Post",
  canadapost: "Canada Post",
  endicia: "Endicia",
  usps: "USPS",
  fedex: "FedEx",
  ups: "UPS",
  upsready: "UPS",
  upsonline: "UPS",
  shipperhq: "ShipperHQ",
  royalmail: "Royal Mail",
};

export function shipmentJson(s: StandInShipment, order: StandInOrder): Record<string, unknown> {
  const address = order.addresses.find((a) => a.id === s.order_address_id);
  const { id: _id, order_id: _o, shipping_method: _m, ...shippingAddress } = address ?? { ...defaultAddress, id: 0, order_id: 0, shipping_method: "" };
  const generated =
    s.tracking_link || !s.tracking_number
      ? ""
      : `https://www.aftership.com/track/${s.tracking_carrier || s.shipping_provider || "auto"}/${encodeURIComponent(s.tracking_number)}`;
  return {
    id: s.id,
    order_id: s.order_id,
    customer_id: s.customer_id,
    order_address_id: s.order_address_id,
    date_created: rfc2822(s.date_created),
    tracking_number: s.tracking_number,
    merchant_shipping_cost: s.merchant_shipping_cost,
    shipping_method: s.shipping_method,
    shipping_provider: s.shipping_provider,
    tracking_carrier: s.tracking_carrier,
    tracking_link: s.tracking_link,
    comments: s.comments,
    billing_address: order.billing_address,
    shipping_address: shippingAddress,
    items: s.items,
    shipping_provider_display_name: PROVIDER_NAMES[s.shipping_provider] ?? (s.shipping_provider === "custom" ? "Custom" : ""),
    generated_tracking_link: generated,
  };
}

export function variantJson(v: StandInVariant): Record<string, unknown> {
  return {
    id: v.id,
    product_id: v.product_id,
    sku: v.sku,
    sku_id: v.sku_id,
    price: v.price,
    calculated_price: v.price,
    sale_price: null,
    retail_price: null,
    map_price: null,
    weight: null,
    calculated_weight: 1,
    width: null,
    height: null,
    depth: null,
    is_free_shipping: false,
    fixed_cost_shipping_price: null,
    purchasing_disabled: false,
    purchasing_disabled_message: "",
    image_url: "",
    cost_price: null,
    upc: "",
    mpn: "",
    gtin: "",
    inventory_level: v.inventory_level,
    inventory_warning_level: 0,
    bin_picking_number: "",
    option_values: v.option_values,
  };
}

export function productJson(p: StandInProduct, include: Set<string>): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    sku: p.sku,
    description: p.description,
    weight: p.weight,
    width: 0,
    depth: 0,
    height: 0,
    price: p.price,
    cost_price: 0,
    retail_price: 0,
    sale_price: 0,
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: "",
    calculated_price: p.price,
    categories: [],
    brand_id: 0,
    inventory_level: p.variants.reduce((n, v) => n + v.inventory_level, 0),
    inventory_warning_level: 0,
    inventory_tracking: "none",
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: p.is_visible,
    is_featured: false,
    related_products: [],
    warranty: "",
    bin_picking_number: "",
    layout_file: "",
    upc: "",
    search_keywords: "",
    availability: "available",
    availability_description: "",
    gift_wrapping_options_type: "any",
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: "New",
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: "",
    meta_keywords: [],
    meta_description: "",
    view_count: 0,
    preorder_message: "",
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: "",
    custom_url: { url: `/${p.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}/`, is_customized: false },
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: 0,
    date_created: iso8601(p.date_created),
    date_modified: iso8601(p.date_modified),
    ...(p.base_variant_id !== undefined ? { base_variant_id: p.base_variant_id } : {}),
    ...(include.has("variants") ? { variants: p.variants.map(variantJson) } : {}),
  };
}

export function hookJson(h: StandInHook): Record<string, unknown> {
  return { ...h };
}

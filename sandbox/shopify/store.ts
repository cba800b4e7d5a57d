// The stand-in's in-memory shop: products, variants, orders, line items, fulfillment orders
// (one per location), fulfillments and their events, with the fulfillment rules Shopify
// applies. Rules cite /work/shared/reference/notes/shopify.md §1 (schema descriptions of
// FulfillmentOrder, fulfillmentCreate, fulfillmentCancel) unless said otherwise.
import { z } from "zod";

export type FulfillmentOrderStatus = "OPEN" | "IN_PROGRESS" | "SCHEDULED" | "ON_HOLD" | "INCOMPLETE" | "CLOSED" | "CANCELLED";
export type DisplayFulfillmentStatus = "UNFULFILLED" | "PARTIALLY_FULFILLED" | "FULFILLED";
export type FulfillmentEventStatus =
  | "ATTEMPTED_DELIVERY"
  | "CARRIER_PICKED_UP"
  | "CONFIRMED"
  | "DELAYED"
  | "DELIVERED"
  | "FAILURE"
  | "IN_TRANSIT"
  | "LABEL_PRINTED"
  | "LABEL_PURCHASED"
  | "OUT_FOR_DELIVERY"
  | "READY_FOR_PICKUP";

export interface Address {
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  country: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface Location {
  id: string;
  name: string;
  address1: string | null;
  city: string | null;
  countryCode: string;
  createdAt: string;
}

export interface Product {
  id: string;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  createdAt: string;
  updatedAt: string;
  variantIds: string[];
}

export interface Variant {
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  price: string;
  position: number;
  createdAt: string;
  updatedAt: string;
}

export interface LineItem {
  id: string;
  orderId: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  variantId: string | null;
  productId: string | null;
  quantity: number;
  /** quantity minus removed/refunded units */
  currentQuantity: number;
  price: string;
  requiresShipping: boolean;
}

export interface Customer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

export interface Order {
  id: string;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  currencyCode: string;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  customer: Customer | null;
  shippingAddress: Address | null;
  /** OrderCreateOrderInput.sourceIdentifier: "The ID of the order placed on the originating platform" */
  sourceIdentifier: string | null;
  /** the OrderCreateOptionsInput an orderCreate was sent with (null for orders made otherwise) */
  createOptions: OrderCreateOptions | null;
  lineItemIds: string[];
  fulfillmentOrderIds: string[];
  fulfillmentIds: string[];
}

/** OrderCreateOptionsInput with the schema's defaults applied (sendReceipt false, sendFulfillmentReceipt false, BYPASS). */
export interface OrderCreateOptions {
  sendReceipt: boolean;
  sendFulfillmentReceipt: boolean;
  inventoryBehaviour: string;
}

export interface FulfillmentOrderLineItem {
  id: string;
  lineItemId: string;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrder {
  id: string;
  orderId: string;
  locationId: string;
  status: FulfillmentOrderStatus;
  requestStatus: "UNSUBMITTED";
  createdAt: string;
  updatedAt: string;
  lineItems: FulfillmentOrderLineItem[];
}

export interface TrackingInfo {
  company: string | null;
  number: string | null;
  url: string | null;
}

export interface FulfillmentLine {
  id: string;
  lineItemId: string;
  fulfillmentOrderId: string;
  fulfillmentOrderLineItemId: string;
  quantity: number;
}

export interface FulfillmentEvent {
  id: string;
  status: FulfillmentEventStatus;
  happenedAt: string;
  createdAt: string;
  estimatedDeliveryAt: string | null;
  message: string | null;
  address1: string | null;
  city: string | null;
  province: string | null;
  zip: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface Fulfillment {
  id: string;
  orderId: string;
  locationId: string;
  name: string;
  status: "SUCCESS" | "CANCELLED";
  displayStatus: string;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  inTransitAt: string | null;
  estimatedDeliveryAt: string | null;
  trackingInfo: TrackingInfo[];
  lines: FulfillmentLine[];
  notifyCustomer: boolean;
  /** every notifyCustomer flag sent with this fulfillment: create, then tracking updates */
  notifications: { kind: "create" | "tracking_update"; notifyCustomer: boolean }[];
  events: FulfillmentEvent[];
}

export interface UserError {
  field: string[] | null;
  message: string;
}

// ---- inputs of the test API (validated: bad input names the field and changes nothing) ----

const addressInput = z
  .object({
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    name: z.string().nullish(),
    company: z.string().nullish(),
    address1: z.string().nullish(),
    address2: z.string().nullish(),
    city: z.string().nullish(),
    province: z.string().nullish(),
    provinceCode: z.string().nullish(),
    zip: z.string().nullish(),
    country: z.string().nullish(),
    countryCode: z.string().length(2).nullish(),
    phone: z.string().nullish(),
  })
  .strict();

export const locationInput = z
  .object({
    name: z.string().min(1),
    address1: z.string().nullish(),
    city: z.string().nullish(),
    countryCode: z.string().length(2).default("US"),
  })
  .strict();

export const productInput = z
  .object({
    title: z.string().min(1),
    handle: z.string().min(1).optional(),
    vendor: z.string().default("Stand-in"),
    productType: z.string().default(""),
    variants: z
      .array(
        z
          .object({
            title: z.string().min(1).default("Default Title"),
            sku: z.string().nullish(),
            price: z
              .string()
              .regex(/^\d+(\.\d{1,2})?$/)
              .default("10.00"),
          })
          .strict(),
      )
      .min(1)
      .max(2048)
      .default([{ title: "Default Title", price: "10.00" }]),
  })
  .strict();

export const orderInput = z
  .object({
    name: z.string().min(1).optional(),
    email: z.string().nullish(),
    phone: z.string().nullish(),
    note: z.string().nullish(),
    tags: z.array(z.string()).default([]),
    currencyCode: z.string().length(3).default("USD"),
    processedAt: z.iso.datetime({ offset: true }).optional(),
    customer: z
      .object({ firstName: z.string().nullish(), lastName: z.string().nullish(), email: z.string().nullish() })
      .strict()
      .nullish(),
    shippingAddress: addressInput.nullish(),
    sourceIdentifier: z.string().nullish(),
    lines: z
      .array(
        z
          .object({
            variantId: z.string().optional(),
            title: z.string().min(1).optional(),
            sku: z.string().nullish(),
            quantity: z.number().int().min(1),
            price: z
              .string()
              .regex(/^\d+(\.\d{1,2})?$/)
              .optional(),
            /** the location whose fulfillment order gets this line (default: the shop's first location) */
            locationId: z.string().optional(),
            requiresShipping: z.boolean().default(true),
          })
          .strict()
          .refine((l) => l.variantId !== undefined || l.title !== undefined, { message: "a line needs variantId or title" }),
      )
      .min(1),
  })
  .strict();

export type LocationInput = z.input<typeof locationInput>;
export type ProductInput = z.input<typeof productInput>;
export type OrderInput = z.input<typeof orderInput>;

/** Parses test-API input; the error names the offending field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join(".") || "(root)";
    throw new StandInInputError(`${what}: ${path}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

export class StandInInputError extends Error {
  override name = "StandInInputError";
}

// ---- mutation inputs (already coerced by GraphQL against the schema) ----

export interface TrackingInput {
  company?: string | null;
  number?: string | null;
  numbers?: string[] | null;
  url?: string | null;
  urls?: string[] | null;
}

export interface FulfillmentInput {
  lineItemsByFulfillmentOrder: {
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
  }[];
  notifyCustomer?: boolean | null;
  trackingInfo?: TrackingInput | null;
}

export interface FulfillmentEventInput {
  fulfillmentId: string;
  status: FulfillmentEventStatus;
  happenedAt?: string | null;
  estimatedDeliveryAt?: string | null;
  message?: string | null;
  address1?: string | null;
  city?: string | null;
  province?: string | null;
  zip?: string | null;
  country?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export type StoreChange =
  | { topic: "orders/create" | "orders/updated"; orderId: string }
  | { topic: "fulfillments/create" | "fulfillments/update"; orderId: string; fulfillmentId: string };

/** Shopify builds tracking URLs for companies it recognises (FulfillmentTrackingInfo.company description). */
const TRACKING_URLS: Record<string, (n: string) => string> = {
  UPS: (n) => `https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=${encodeURIComponent(n)}`,
  USPS: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(n)}`,
  FedEx: (n) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(n)}`,
  "DHL Express": (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${encodeURIComponent(n)}&brand=DHL`,
  "Canada Post": (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${encodeURIComponent(n)}`,
  "Royal Mail": (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${encodeURIComponent(n)}`,
};

export function legacyId(gid: string): number {
  const n = Number(gid.slice(gid.lastIndexOf("/") + 1));
  return Number.isSafeInteger(n) ? n : 0;
}

/** Shopify DateTime values have second precision. */
function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

export class ShopStore {
  readonly locations = new Map<string, Location>();
  readonly products = new Map<string, Product>();
  readonly variants = new Map<string, Variant>();
  readonly orders = new Map<string, Order>();
  readonly lineItems = new Map<string, LineItem>();
  readonly fulfillmentOrders = new Map<string, FulfillmentOrder>();
  readonly fulfillments = new Map<string, Fulfillment>();
  /** every orderCancel received, with its options (notifyCustomer, restock), oldest first */
  readonly cancellations: { orderId: string; reason: string; notifyCustomer: boolean; restock: boolean; staffNote: string | null }[] = [];
  private seq = 1000;
  private orderNumber = 1000;
  private readonly listeners: ((change: StoreChange) => void)[] = [];

  constructor(
    readonly domain: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.addLocation({ name: "Shop location", address1: "1 Main Street", city: "Springfield" });
  }

  onChange(listener: (change: StoreChange) => void): void {
    this.listeners.push(listener);
  }

  private emit(change: StoreChange): void {
    for (const l of this.listeners) l(change);
  }

  private now(): string {
    return isoSeconds(this.clock());
  }

  private gid(type: string): string {
    this.seq += 1;
    return `gid://shopify/${type}/${this.seq}`;
  }

  get defaultLocationId(): string {
    const first = this.locations.keys().next();
    if (first.done) throw new Error("the stand-in shop has no location");
    return first.value;
  }

  // ---------------------------------------------------------------- test API: setup

  addLocation(input: LocationInput): Location {
    const data = parseInput(locationInput, input, "addLocation");
    const location: Location = {
      id: this.gid("Location"),
      name: data.name,
      address1: data.address1 ?? null,
      city: data.city ?? null,
      countryCode: data.countryCode,
      createdAt: this.now(),
    };
    this.locations.set(location.id, location);
    return { ...location };
  }

  createProduct(input: ProductInput): { id: string; title: string; variants: { id: string; title: string; sku: string | null; price: string }[] } {
    const data = parseInput(productInput, input, "createProduct");
    const now = this.now();
    const product: Product = {
      id: this.gid("Product"),
      title: data.title,
      handle: data.handle ?? data.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      vendor: data.vendor,
      productType: data.productType,
      status: "ACTIVE",
      createdAt: now,
      updatedAt: now,
      variantIds: [],
    };
    this.products.set(product.id, product);
    data.variants.forEach((v, i) => {
      const variant: Variant = {
        id: this.gid("ProductVariant"),
        productId: product.id,
        title: v.title,
        sku: v.sku ?? null,
        price: Number(v.price).toFixed(2),
        position: i + 1,
        createdAt: now,
        updatedAt: now,
      };
      this.variants.set(variant.id, variant);
      product.variantIds.push(variant.id);
    });
    return {
      id: product.id,
      title: product.title,
      variants: product.variantIds.map((id) => {
        const v = this.variants.get(id)!;
        return { id: v.id, title: v.title, sku: v.sku, price: v.price };
      }),
    };
  }

  /** Creates an order with one fulfillment order per location of its lines (Shopify routes lines to locations). */
  createOrder(input: OrderInput, createOptions: OrderCreateOptions | null = null): OrderSnapshot {
    const data = parseInput(orderInput, input, "createOrder");
    // Resolve everything first, so a bad line changes nothing.
    const resolved = data.lines.map((line, i) => {
      const variant = line.variantId !== undefined ? this.variants.get(line.variantId) : undefined;
      if (line.variantId !== undefined && !variant) throw new StandInInputError(`createOrder: lines.${i}.variantId: no such variant ${line.variantId}`);
      const locationId = line.locationId ?? this.defaultLocationId;
      if (!this.locations.has(locationId)) throw new StandInInputError(`createOrder: lines.${i}.locationId: no such location ${locationId}`);
      const product = variant ? this.products.get(variant.productId) : undefined;
      return { line, variant, product, locationId };
    });
    const now = this.now();
    this.orderNumber += 1;
    const order: Order = {
      id: this.gid("Order"),
      number: this.orderNumber,
      name: data.name ?? `#${this.orderNumber}`,
      email: data.email ?? data.customer?.email ?? null,
      phone: data.phone ?? null,
      note: data.note ?? null,
      tags: data.tags,
      currencyCode: data.currencyCode,
      createdAt: now,
      updatedAt: now,
      processedAt: data.processedAt ? isoSeconds(new Date(data.processedAt)) : now,
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      customer: data.customer
        ? {
            id: this.gid("Customer"),
            firstName: data.customer.firstName ?? null,
            lastName: data.customer.lastName ?? null,
            email: data.customer.email ?? null,
          }
        : null,
      shippingAddress: data.shippingAddress ? normalizeAddress(data.shippingAddress) : null,
      sourceIdentifier: data.sourceIdentifier ?? null,
      createOptions,
      lineItemIds: [],
      fulfillmentOrderIds: [],
      fulfillmentIds: [],
    };
    const byLocation = new Map<string, FulfillmentOrderLineItem[]>();
    for (const { line, variant, product, locationId } of resolved) {
      const item: LineItem = {
        id: this.gid("LineItem"),
        orderId: order.id,
        title: line.title ?? product?.title ?? "Item",
        variantTitle: variant && variant.title !== "Default Title" ? variant.title : null,
        sku: line.sku ?? variant?.sku ?? null,
        vendor: product?.vendor ?? null,
        variantId: variant?.id ?? null,
        productId: product?.id ?? null,
        quantity: line.quantity,
        currentQuantity: line.quantity,
        price: Number(line.price ?? variant?.price ?? "0").toFixed(2),
        requiresShipping: line.requiresShipping,
      };
      this.lineItems.set(item.id, item);
      order.lineItemIds.push(item.id);
      const foLines = byLocation.get(locationId) ?? [];
      foLines.push({ id: this.gid("FulfillmentOrderLineItem"), lineItemId: item.id, totalQuantity: item.quantity, remainingQuantity: item.quantity });
      byLocation.set(locationId, foLines);
    }
    this.orders.set(order.id, order);
    for (const [locationId, lines] of byLocation) this.addFulfillmentOrder(order, locationId, lines, now);
    this.emit({ topic: "orders/create", orderId: order.id });
    return this.orderSnapshot(order.id);
  }

  private addFulfillmentOrder(order: Order, locationId: string, lines: FulfillmentOrderLineItem[], now: string): FulfillmentOrder {
    const fo: FulfillmentOrder = {
      id: this.gid("FulfillmentOrder"),
      orderId: order.id,
      locationId,
      status: "OPEN",
      requestStatus: "UNSUBMITTED",
      createdAt: now,
      updatedAt: now,
      lineItems: lines,
    };
    this.fulfillmentOrders.set(fo.id, fo);
    order.fulfillmentOrderIds.push(fo.id);
    return fo;
  }

  /** Merchant cancels the order: nothing left to fulfil; open fulfillment orders are cancelled. */
  cancelOrder(orderId: string, reason = "CUSTOMER"): OrderSnapshot {
    const order = this.requireOrder(orderId, "cancelOrder");
    if (order.cancelledAt) return this.orderSnapshot(order.id);
    const now = this.now();
    for (const fo of this.fulfillmentOrdersOf(order)) {
      for (const line of fo.lineItems) {
        const item = this.lineItems.get(line.lineItemId)!;
        item.currentQuantity -= line.remainingQuantity;
        line.remainingQuantity = 0;
      }
      if (fo.status !== "CLOSED") fo.status = fo.lineItems.some((l) => l.totalQuantity > 0 && this.fulfilledFrom(fo, l) > 0) ? "CLOSED" : "CANCELLED";
      fo.updatedAt = now;
    }
    order.cancelledAt = now;
    order.cancelReason = reason;
    order.closedAt = now;
    this.touch(order);
    return this.orderSnapshot(order.id);
  }

  /** An order edit or refund removes unfulfilled units of a line. */
  removeLineItemQuantity(lineItemId: string, quantity: number): OrderSnapshot {
    const item = this.lineItems.get(lineItemId);
    if (!item) throw new StandInInputError(`removeLineItemQuantity: lineItemId: no such line item ${lineItemId}`);
    const order = this.orders.get(item.orderId)!;
    const foLines = this.fulfillmentOrdersOf(order).flatMap((fo) => fo.lineItems.filter((l) => l.lineItemId === item.id).map((l) => ({ fo, l })));
    const remaining = foLines.reduce((s, x) => s + x.l.remainingQuantity, 0);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > remaining) {
      throw new StandInInputError(`removeLineItemQuantity: quantity: must be 1..${remaining} (unfulfilled units), got ${quantity}`);
    }
    let left = quantity;
    const now = this.now();
    for (const { fo, l } of foLines) {
      const take = Math.min(left, l.remainingQuantity);
      l.remainingQuantity -= take;
      l.totalQuantity -= take;
      left -= take;
      this.refreshFulfillmentOrderStatus(fo, now);
    }
    item.currentQuantity -= quantity;
    this.touch(order);
    return this.orderSnapshot(order.id);
  }

  holdFulfillmentOrder(fulfillmentOrderId: string): void {
    const fo = this.fulfillmentOrders.get(fulfillmentOrderId);
    if (!fo) throw new StandInInputError(`holdFulfillmentOrder: no such fulfillment order ${fulfillmentOrderId}`);
    if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") throw new StandInInputError(`holdFulfillmentOrder: fulfillment order is ${fo.status}`);
    fo.status = "ON_HOLD";
    fo.updatedAt = this.now();
    this.touch(this.orders.get(fo.orderId)!);
  }

  releaseFulfillmentOrderHold(fulfillmentOrderId: string): void {
    const fo = this.fulfillmentOrders.get(fulfillmentOrderId);
    if (fo?.status !== "ON_HOLD") throw new StandInInputError(`releaseFulfillmentOrderHold: ${fulfillmentOrderId} is not on hold`);
    fo.status = "OPEN";
    this.refreshFulfillmentOrderStatus(fo, this.now());
    this.touch(this.orders.get(fo.orderId)!);
  }

  // ---------------------------------------------------------------- test API: read back

  orderSnapshot(orderId: string): OrderSnapshot {
    const order = this.requireOrder(orderId, "orderSnapshot");
    return {
      id: order.id,
      name: order.name,
      email: order.email,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      cancelledAt: order.cancelledAt,
      displayFulfillmentStatus: this.displayFulfillmentStatus(order),
      lineItems: order.lineItemIds.map((id) => {
        const li = this.lineItems.get(id)!;
        return {
          id: li.id,
          title: li.title,
          sku: li.sku,
          variantId: li.variantId,
          productId: li.productId,
          quantity: li.quantity,
          currentQuantity: li.currentQuantity,
          unfulfilledQuantity: this.unfulfilledQuantity(li),
          fulfilledQuantity: this.fulfilledQuantity(li),
        };
      }),
      fulfillmentOrders: this.fulfillmentOrdersOf(order).map((fo) => ({
        id: fo.id,
        locationId: fo.locationId,
        status: fo.status,
        lineItems: fo.lineItems.map((l) => ({ ...l })),
      })),
      fulfillments: order.fulfillmentIds.map((id) => this.fulfillmentSnapshot(id)),
      tags: [...order.tags],
      note: order.note,
      sourceIdentifier: order.sourceIdentifier,
      createOptions: order.createOptions ? { ...order.createOptions } : null,
      shippingAddress: order.shippingAddress ? { ...order.shippingAddress } : null,
      cancelReason: order.cancelReason,
    };
  }

  /** Fulfillments of one order, or of the whole shop, oldest first. */
  listFulfillments(orderId?: string): FulfillmentSnapshot[] {
    const ids = orderId ? this.requireOrder(orderId, "listFulfillments").fulfillmentIds : [...this.fulfillments.keys()];
    return ids.map((id) => this.fulfillmentSnapshot(id));
  }

  fulfillmentSnapshot(id: string): FulfillmentSnapshot {
    const f = this.fulfillments.get(id);
    if (!f) throw new StandInInputError(`no such fulfillment ${id}`);
    return structuredClone(f);
  }

  // ---------------------------------------------------------------- derived state

  fulfillmentOrdersOf(order: Order): FulfillmentOrder[] {
    return order.fulfillmentOrderIds.map((id) => this.fulfillmentOrders.get(id)!);
  }

  fulfillmentsOf(order: Order): Fulfillment[] {
    return order.fulfillmentIds.map((id) => this.fulfillments.get(id)!);
  }

  /** Units in live (not cancelled) fulfillments of the order, over the fulfillment lines that match. */
  private fulfilledUnits(orderId: string, matches: (line: FulfillmentLine) => boolean): number {
    let n = 0;
    for (const f of this.fulfillmentsOf(this.orders.get(orderId)!)) {
      if (f.status !== "SUCCESS") continue;
      for (const l of f.lines) if (matches(l)) n += l.quantity;
    }
    return n;
  }

  fulfilledQuantity(item: LineItem): number {
    return this.fulfilledUnits(item.orderId, (l) => l.lineItemId === item.id);
  }

  unfulfilledQuantity(item: LineItem): number {
    let n = 0;
    for (const fo of this.fulfillmentOrdersOf(this.orders.get(item.orderId)!)) {
      for (const l of fo.lineItems) if (l.lineItemId === item.id) n += l.remainingQuantity;
    }
    return n;
  }

  private fulfilledFrom(fo: FulfillmentOrder, line: FulfillmentOrderLineItem): number {
    return this.fulfilledUnits(fo.orderId, (l) => l.fulfillmentOrderLineItemId === line.id);
  }

  /** Order.displayFulfillmentStatus: UNFULFILLED, PARTIALLY_FULFILLED or FULFILLED (OPEN etc. are replaced values). */
  displayFulfillmentStatus(order: Order): DisplayFulfillmentStatus {
    let remaining = 0;
    for (const fo of this.fulfillmentOrdersOf(order)) for (const l of fo.lineItems) remaining += l.remainingQuantity;
    const fulfilled = this.fulfilledUnits(order.id, () => true);
    if (fulfilled === 0) return "UNFULFILLED";
    return remaining === 0 ? "FULFILLED" : "PARTIALLY_FULFILLED";
  }

  /** FulfillmentOrder.supportedActions for a merchant-managed location. */
  supportedActions(fo: FulfillmentOrder): string[] {
    switch (fo.status) {
      case "OPEN":
        return ["CREATE_FULFILLMENT", "REQUEST_FULFILLMENT", "HOLD", "MOVE"];
      case "IN_PROGRESS":
        return ["CREATE_FULFILLMENT", "HOLD"];
      case "ON_HOLD":
        return ["RELEASE_HOLD"];
      default:
        return [];
    }
  }

  private refreshFulfillmentOrderStatus(fo: FulfillmentOrder, now: string): void {
    if (fo.status === "ON_HOLD" || fo.status === "CANCELLED") return;
    const remaining = fo.lineItems.reduce((s, l) => s + l.remainingQuantity, 0);
    const fulfilled = fo.lineItems.reduce((s, l) => s + this.fulfilledFrom(fo, l), 0);
    const next: FulfillmentOrderStatus = remaining === 0 ? "CLOSED" : fulfilled > 0 ? "IN_PROGRESS" : "OPEN";
    if (next !== fo.status) {
      fo.status = next;
      fo.updatedAt = now;
    }
  }

  private touch(order: Order): void {
    order.updatedAt = this.now();
    this.emit({ topic: "orders/updated", orderId: order.id });
  }

  private requireOrder(orderId: string, what: string): Order {
    const order = this.orders.get(orderId);
    if (!order) throw new StandInInputError(`${what}: no such order ${orderId}`);
    return order;
  }

  // ---------------------------------------------------------------- mutations

  /**
   * fulfillmentCreate: "Creates a fulfillment for one or many fulfillment orders. The fulfillment
   * orders are associated with the same order and are assigned to the same location." Quantities may
   * not exceed remainingQuantity (community-reported userError text, notes §1). All checks run before
   * any change, so a rejected call changes nothing.
   */
  fulfillmentCreate(input: FulfillmentInput): { fulfillment: Fulfillment | null; userErrors: UserError[] } {
    const reject = (field: string[] | null, message: string) => ({ fulfillment: null, userErrors: [{ field, message }] });
    const groups = input.lineItemsByFulfillmentOrder;
    if (groups.length === 0) return reject(["fulfillment", "lineItemsByFulfillmentOrder"], "Line items by fulfillment order must not be empty.");
    const picks: { fo: FulfillmentOrder; line: FulfillmentOrderLineItem; quantity: number }[] = [];
    const fos: FulfillmentOrder[] = [];
    for (const [i, group] of groups.entries()) {
      const fo = this.fulfillmentOrders.get(group.fulfillmentOrderId);
      if (!fo) return reject(["fulfillment", "lineItemsByFulfillmentOrder", String(i), "fulfillmentOrderId"], "Fulfillment order does not exist.");
      if (!fos.includes(fo)) fos.push(fo);
      if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") {
        return reject(["fulfillment"], `Fulfillment order ${legacyId(fo.id)} has an unfulfillable status= ${fo.status.toLowerCase()}.`);
      }
      if (group.fulfillmentOrderLineItems == null) {
        for (const line of fo.lineItems) if (line.remainingQuantity > 0) picks.push({ fo, line, quantity: line.remainingQuantity });
        continue;
      }
      for (const [j, wanted] of group.fulfillmentOrderLineItems.entries()) {
        const line = fo.lineItems.find((l) => l.id === wanted.id);
        if (!line) {
          return reject(
            ["fulfillment", "lineItemsByFulfillmentOrder", String(i), "fulfillmentOrderLineItems", String(j), "id"],
            "Fulfillment order line item does not exist.",
          );
        }
        picks.push({ fo, line, quantity: wanted.quantity });
      }
    }
    if (new Set(fos.map((fo) => fo.orderId)).size > 1) {
      return reject(["fulfillment"], "All fulfillment orders must belong to the same order.");
    }
    if (new Set(fos.map((fo) => fo.locationId)).size > 1) {
      return reject(["fulfillment"], "All fulfillment orders must be assigned to the same location.");
    }
    const requested = new Map<FulfillmentOrderLineItem, number>();
    for (const p of picks) {
      if (!Number.isInteger(p.quantity) || p.quantity < 1) return reject(["fulfillment"], "Invalid fulfillment order line item quantity requested.");
      requested.set(p.line, (requested.get(p.line) ?? 0) + p.quantity);
    }
    if (requested.size === 0) return reject(["fulfillment"], "Invalid fulfillment order line item quantity requested.");
    for (const [line, quantity] of requested) {
      if (quantity > line.remainingQuantity) return reject(["fulfillment"], "Invalid fulfillment order line item quantity requested.");
    }

    const order = this.orders.get(fos[0]!.orderId)!;
    const now = this.now();
    const fulfillment: Fulfillment = {
      id: this.gid("Fulfillment"),
      orderId: order.id,
      locationId: fos[0]!.locationId,
      name: `${order.name}-F${order.fulfillmentIds.length + 1}`,
      status: "SUCCESS",
      displayStatus: "FULFILLED",
      createdAt: now,
      updatedAt: now,
      deliveredAt: null,
      inTransitAt: null,
      estimatedDeliveryAt: null,
      trackingInfo: trackingEntries(input.trackingInfo),
      lines: [],
      notifyCustomer: input.notifyCustomer ?? false,
      notifications: [{ kind: "create", notifyCustomer: input.notifyCustomer ?? false }],
      events: [],
    };
    for (const p of picks) {
      p.line.remainingQuantity -= p.quantity;
      fulfillment.lines.push({
        id: this.gid("FulfillmentLineItem"),
        lineItemId: p.line.lineItemId,
        fulfillmentOrderId: p.fo.id,
        fulfillmentOrderLineItemId: p.line.id,
        quantity: p.quantity,
      });
    }
    this.fulfillments.set(fulfillment.id, fulfillment);
    order.fulfillmentIds.push(fulfillment.id);
    for (const fo of fos) this.refreshFulfillmentOrderStatus(fo, now);
    this.touch(order);
    this.emit({ topic: "fulfillments/create", orderId: order.id, fulfillmentId: fulfillment.id });
    return { fulfillment, userErrors: [] };
  }

  fulfillmentTrackingInfoUpdate(
    fulfillmentId: string,
    tracking: TrackingInput,
    notifyCustomer: boolean | null | undefined,
  ): { fulfillment: Fulfillment | null; userErrors: UserError[] } {
    const f = this.fulfillments.get(fulfillmentId);
    if (!f) return { fulfillment: null, userErrors: [{ field: ["fulfillmentId"], message: "Fulfillment does not exist." }] };
    f.trackingInfo = trackingEntries(tracking);
    // notifyCustomer left blank means no notification (schema description of the argument).
    f.notifications.push({ kind: "tracking_update", notifyCustomer: notifyCustomer ?? false });
    f.updatedAt = this.now();
    this.touch(this.orders.get(f.orderId)!);
    this.emit({ topic: "fulfillments/update", orderId: f.orderId, fulfillmentId: f.id });
    return { fulfillment: f, userErrors: [] };
  }

  /**
   * fulfillmentCancel: a fulfillment order that was entirely fulfilled stays closed and its cancelled
   * items get a new fulfillment order at the same location; a partly fulfilled one gets its remaining
   * quantities back (Mutation.fulfillmentCancel description, 2026-10 schema).
   */
  fulfillmentCancel(id: string): { fulfillment: Fulfillment | null; userErrors: UserError[] } {
    const f = this.fulfillments.get(id);
    if (!f) return { fulfillment: null, userErrors: [{ field: ["id"], message: "Fulfillment does not exist." }] };
    if (f.status === "CANCELLED") return { fulfillment: null, userErrors: [{ field: ["id"], message: "Fulfillment has already been cancelled." }] };
    const order = this.orders.get(f.orderId)!;
    const now = this.now();
    f.status = "CANCELLED";
    f.displayStatus = "CANCELED";
    f.updatedAt = now;
    const byFo = new Map<string, FulfillmentLine[]>();
    for (const l of f.lines) byFo.set(l.fulfillmentOrderId, [...(byFo.get(l.fulfillmentOrderId) ?? []), l]);
    for (const [foId, lines] of byFo) {
      const fo = this.fulfillmentOrders.get(foId)!;
      if (fo.status === "CLOSED") {
        this.addFulfillmentOrder(
          order,
          fo.locationId,
          lines.map((l) => ({ id: this.gid("FulfillmentOrderLineItem"), lineItemId: l.lineItemId, totalQuantity: l.quantity, remainingQuantity: l.quantity })),
          now,
        );
      } else {
        for (const l of lines) {
          const line = fo.lineItems.find((x) => x.id === l.fulfillmentOrderLineItemId)!;
          line.remainingQuantity += l.quantity;
        }
        this.refreshFulfillmentOrderStatus(fo, now);
      }
    }
    this.touch(order);
    this.emit({ topic: "fulfillments/update", orderId: order.id, fulfillmentId: f.id });
    return { fulfillment: f, userErrors: [] };
  }

  fulfillmentEventCreate(input: FulfillmentEventInput): { fulfillmentEvent: FulfillmentEvent | null; userErrors: UserError[] } {
    const f = this.fulfillments.get(input.fulfillmentId);
    if (!f) return { fulfillmentEvent: null, userErrors: [{ field: ["fulfillmentEvent", "fulfillmentId"], message: "Fulfillment does not exist." }] };
    const now = this.now();
    const event: FulfillmentEvent = {
      id: this.gid("FulfillmentEvent"),
      status: input.status,
      happenedAt: input.happenedAt ? isoSeconds(new Date(input.happenedAt)) : now,
      createdAt: now,
      estimatedDeliveryAt: input.estimatedDeliveryAt ?? null,
      message: input.message ?? null,
      address1: input.address1 ?? null,
      city: input.city ?? null,
      province: input.province ?? null,
      zip: input.zip ?? null,
      country: input.country ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
    };
    f.events.push(event);
    if (f.status === "SUCCESS") f.displayStatus = event.status;
    if (event.status === "IN_TRANSIT" && !f.inTransitAt) f.inTransitAt = event.happenedAt;
    if (event.status === "DELIVERED") f.deliveredAt = event.happenedAt;
    if (event.estimatedDeliveryAt) f.estimatedDeliveryAt = event.estimatedDeliveryAt;
    f.updatedAt = now;
    return { fulfillmentEvent: event, userErrors: [] };
  }
}

export interface OrderSnapshot {
  id: string;
  name: string;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFulfillmentStatus: DisplayFulfillmentStatus;
  lineItems: {
    id: string;
    title: string;
    sku: string | null;
    variantId: string | null;
    productId: string | null;
    quantity: number;
    currentQuantity: number;
    unfulfilledQuantity: number;
    fulfilledQuantity: number;
  }[];
  fulfillmentOrders: { id: string; locationId: string; status: FulfillmentOrderStatus; lineItems: FulfillmentOrderLineItem[] }[];
  fulfillments: FulfillmentSnapshot[];
  tags: string[];
  note: string | null;
  sourceIdentifier: string | null;
  createOptions: OrderCreateOptions | null;
  shippingAddress: Address | null;
  cancelReason: string | null;
}

export type FulfillmentSnapshot = Fulfillment;

function normalizeAddress(a: z.output<typeof addressInput>): Address {
  const name = a.name ?? ([a.firstName, a.lastName].filter(Boolean).join(" ") || null);
  return {
    firstName: a.firstName ?? null,
    lastName: a.lastName ?? null,
    name,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    provinceCode: a.provinceCode ?? null,
    zip: a.zip ?? null,
    country: a.country ?? null,
    countryCode: a.countryCode ?? null,
    phone: a.phone ?? null,
  };
}

/** FulfillmentTrackingInput → trackingInfo entries: number/numbers pair with url/urls by position. */
export function trackingEntries(input: TrackingInput | null | undefined): TrackingInfo[] {
  if (!input) return [];
  const numbers = [...(input.number ? [input.number] : []), ...(input.numbers ?? [])];
  const urls = [...(input.url ? [input.url] : []), ...(input.urls ?? [])];
  const company = input.company ?? null;
  const build = company ? TRACKING_URLS[company] : undefined;
  if (numbers.length === 0) {
    return company || urls.length ? [{ company, number: null, url: urls[0] ?? null }] : [];
  }
  return numbers.map((number, i) => ({ company, number, url: urls[i] ?? (build ? build(number) : null) }));
}

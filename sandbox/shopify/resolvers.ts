// Resolvers of the fields and operations Consign uses, over a ShopStore. Views are plain objects
// whose properties are values or functions of (args); a field that no view provides is an error
// ("not implemented by the stand-in"), never a silent null.
import { GraphQLError, type GraphQLFieldResolver } from "graphql";
import { type ConnectionArgs, connection, MAX_PAGE_SIZE } from "./connection";
import { matchesSearch, parseSearch, type Searchable } from "./search";
import {
  type Address,
  type Fulfillment,
  type FulfillmentEvent,
  type FulfillmentEventInput,
  type FulfillmentInput,
  type FulfillmentOrder,
  type LineItem,
  legacyId,
  type Order,
  type OrderInput,
  type Product,
  type ShopStore,
  StandInInputError,
  type TrackingInput,
  type UserError,
  type Variant,
} from "./store";

type View = Record<string, unknown>;
type Args = Record<string, unknown>;

/** Default resolver: the view's property (called with args when it is a function). */
export const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, _ctx, info) => {
  if (source && typeof source === "object" && info.fieldName in source) {
    const value = (source as View)[info.fieldName];
    return typeof value === "function" ? value(args) : value;
  }
  throw new GraphQLError(`${info.parentType.name}.${info.fieldName} is not implemented by the Shopify stand-in`, {
    extensions: { code: "NOT_IMPLEMENTED_BY_STAND_IN" },
  });
};

function mapConnection<T>(c: ReturnType<typeof connection<T>>, view: (t: T) => View) {
  return { ...c, nodes: c.nodes.map(view), edges: c.edges.map((e) => ({ cursor: e.cursor, node: view(e.node) })) };
}

function money(amount: string, currencyCode: string): View {
  const m = { amount, currencyCode };
  return { shopMoney: m, presentmentMoney: m };
}

function inputArrayLimit(list: unknown[] | null | undefined, field: string): void {
  // Input arrays are limited to 250 items (changelog graphql-input-objects-limited-to-250-items; notes §3).
  if (list && list.length > MAX_PAGE_SIZE) {
    throw new GraphQLError(`The input array size of ${list.length} is greater than the maximum allowed of ${MAX_PAGE_SIZE}.`, {
      extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
      path: [field],
    });
  }
}

// sortKey values (ProductSortKeys, ProductVariantSortKeys, OrderSortKeys) → sort value; ties by id
const PRODUCT_SORT: Record<string, (p: Product) => string | number> = {
  TITLE: (p) => p.title,
  UPDATED_AT: (p) => p.updatedAt,
  CREATED_AT: (p) => p.createdAt,
};
const VARIANT_SORT: Record<string, (v: Variant) => string | number> = {
  SKU: (v) => v.sku ?? "",
  TITLE: (v) => v.title,
  POSITION: (v) => v.position,
};
const ORDER_SORT: Record<string, (o: Order) => string | number> = {
  PROCESSED_AT: (o) => o.processedAt,
  CREATED_AT: (o) => o.createdAt,
  UPDATED_AT: (o) => o.updatedAt,
  ORDER_NUMBER: (o) => o.number,
};

export function createRoot(store: ShopStore): View {
  const locationView = (id: string): View | null => {
    const l = store.locations.get(id);
    if (!l) return null;
    return { id: l.id, legacyResourceId: String(legacyId(l.id)), name: l.name, isActive: true, createdAt: l.createdAt, updatedAt: l.createdAt };
  };

  const addressView = (a: Address): View => ({ ...a, id: "gid://shopify/MailingAddress/1", countryCodeV2: a.countryCode, formattedArea: [a.city, a.province, a.country].filter(Boolean).join(", ") });

  const variantView = (v: Variant): View => ({
    id: v.id,
    legacyResourceId: String(legacyId(v.id)),
    title: v.title,
    displayName: `${store.products.get(v.productId)?.title ?? ""} - ${v.title}`,
    sku: v.sku,
    price: v.price,
    position: v.position,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    product: () => productView(store.products.get(v.productId)!),
  });

  const variantsOf = (p: Product) => p.variantIds.map((id) => store.variants.get(id)!);

  const productView = (p: Product): View => ({
    id: p.id,
    legacyResourceId: String(legacyId(p.id)),
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    productType: p.productType,
    status: p.status,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    hasOnlyDefaultVariant: p.variantIds.length === 1 && store.variants.get(p.variantIds[0]!)?.title === "Default Title",
    variantsCount: () => ({ count: p.variantIds.length, precision: "EXACT" }),
    variants: (args: ConnectionArgs) => {
      const c = connection(variantsOf(p), args, (v) => (args as Args).sortKey === "ID" ? [legacyId(v.id)] : [v.position, legacyId(v.id)]);
      return mapConnection(c, variantView);
    },
  });

  const lineItemView = (li: LineItem, currency: string): View => ({
    id: li.id,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    title: li.title,
    variantTitle: li.variantTitle,
    sku: li.sku,
    vendor: li.vendor,
    quantity: li.quantity,
    currentQuantity: li.currentQuantity,
    unfulfilledQuantity: store.unfulfilledQuantity(li),
    nonFulfillableQuantity: li.quantity - li.currentQuantity,
    refundableQuantity: li.currentQuantity,
    requiresShipping: li.requiresShipping,
    isGiftCard: false,
    taxable: true,
    originalUnitPriceSet: money(li.price, currency),
    discountedUnitPriceSet: money(li.price, currency),
    originalTotalSet: money((Number(li.price) * li.quantity).toFixed(2), currency),
    variant: li.variantId ? () => variantView(store.variants.get(li.variantId!)!) : null,
    product: li.productId ? () => productView(store.products.get(li.productId!)!) : null,
  });

  const fulfillmentOrderLineItemView = (fo: FulfillmentOrder, i: number, currency: string): View => {
    const line = fo.lineItems[i]!;
    const li = store.lineItems.get(line.lineItemId)!;
    return {
      id: line.id,
      totalQuantity: line.totalQuantity,
      remainingQuantity: line.remainingQuantity,
      sku: li.sku,
      productTitle: li.title,
      variantTitle: li.variantTitle,
      vendor: li.vendor,
      requiresShipping: li.requiresShipping,
      lineItem: () => lineItemView(li, currency),
      variant: li.variantId ? () => variantView(store.variants.get(li.variantId!)!) : null,
    };
  };

  const fulfillmentOrderView = (fo: FulfillmentOrder): View => {
    const order = store.orders.get(fo.orderId)!;
    const location = store.locations.get(fo.locationId)!;
    return {
      id: fo.id,
      status: fo.status,
      requestStatus: fo.requestStatus,
      createdAt: fo.createdAt,
      updatedAt: fo.updatedAt,
      orderId: order.id,
      orderName: order.name,
      orderProcessedAt: order.processedAt,
      fulfillAt: null,
      fulfillBy: null,
      fulfillmentHolds: [],
      order: () => orderView(order),
      assignedLocation: {
        name: location.name,
        address1: location.address1,
        address2: null,
        city: location.city,
        countryCode: location.countryCode,
        phone: null,
        province: null,
        zip: null,
        location: () => locationView(location.id),
      },
      supportedActions: store.supportedActions(fo).map((action) => ({ action, externalUrl: null })),
      lineItems: (args: ConnectionArgs) => {
        const c = connection(
          fo.lineItems.map((_, i) => i),
          args,
          (i) => [i],
        );
        const view = (i: number) => fulfillmentOrderLineItemView(fo, i, order.currencyCode);
        return mapConnection(c, view);
      },
    };
  };

  const eventView = (e: FulfillmentEvent): View => ({ ...e });

  const fulfillmentView = (f: Fulfillment): View => {
    const order = store.orders.get(f.orderId)!;
    return {
      id: f.id,
      legacyResourceId: String(legacyId(f.id)),
      name: f.name,
      status: f.status,
      displayStatus: f.displayStatus,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
      deliveredAt: f.deliveredAt,
      inTransitAt: f.inTransitAt,
      estimatedDeliveryAt: f.estimatedDeliveryAt,
      requiresShipping: true,
      totalQuantity: f.lines.reduce((s, l) => s + l.quantity, 0),
      location: () => locationView(f.locationId),
      order: () => orderView(order),
      trackingInfo: (args: Args) => {
        const first = typeof args.first === "number" ? args.first : undefined;
        return f.trackingInfo.slice(0, first).map((t) => ({ ...t }));
      },
      fulfillmentLineItems: (args: ConnectionArgs) => {
        const c = connection(f.lines, args, (l) => [legacyId(l.id)]);
        const view = (l: Fulfillment["lines"][number]) => ({
          id: l.id,
          quantity: l.quantity,
          lineItem: () => lineItemView(store.lineItems.get(l.lineItemId)!, order.currencyCode),
        });
        return mapConnection(c, view);
      },
      fulfillmentOrders: (args: ConnectionArgs) => {
        const ids = [...new Set(f.lines.map((l) => l.fulfillmentOrderId))];
        const c = connection(ids, args, (id) => [legacyId(id)]);
        const view = (id: string) => fulfillmentOrderView(store.fulfillmentOrders.get(id)!);
        return mapConnection(c, view);
      },
      events: (args: ConnectionArgs & { sortKey?: string }) => {
        const key = (e: FulfillmentEvent): (string | number)[] => (args.sortKey === "ID" ? [legacyId(e.id)] : [e.happenedAt, legacyId(e.id)]);
        const c = connection(f.events, args, key);
        return mapConnection(c, eventView);
      },
    };
  };

  const orderSearch = (o: Order): Searchable => ({
    fields: {
      id: { kind: "id", value: o.id },
      name: { kind: "text", value: o.name },
      email: { kind: "text", value: o.email },
      created_at: { kind: "date", value: o.createdAt },
      updated_at: { kind: "date", value: o.updatedAt },
      processed_at: { kind: "date", value: o.processedAt },
      status: { kind: "text", value: o.cancelledAt ? "cancelled" : o.closedAt ? "closed" : "open" },
      // tag, source_identifier: QueryRoot.orders `query` filters (2026-10 schema)
      tag: { kind: "text", value: o.tags },
      source_identifier: { kind: "text", value: o.sourceIdentifier },
      fulfillment_status: {
        kind: "text",
        value: { UNFULFILLED: "unshipped", PARTIALLY_FULFILLED: "partial", FULFILLED: "shipped" }[store.displayFulfillmentStatus(o)],
      },
    },
    defaultText: [o.name, o.email ?? ""],
  });

  const orderView = (o: Order): View => ({
    id: o.id,
    legacyResourceId: String(legacyId(o.id)),
    name: o.name,
    number: o.number,
    email: o.email,
    phone: o.phone,
    note: o.note,
    tags: o.tags,
    sourceIdentifier: o.sourceIdentifier,
    currencyCode: o.currencyCode,
    presentmentCurrencyCode: o.currencyCode,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    processedAt: o.processedAt,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelReason,
    closedAt: o.closedAt,
    closed: o.closedAt !== null,
    test: true,
    displayFinancialStatus: "PAID",
    displayFulfillmentStatus: store.displayFulfillmentStatus(o),
    fulfillable: store.fulfillmentOrdersOf(o).some((fo) => store.supportedActions(fo).includes("CREATE_FULFILLMENT")),
    requiresShipping: o.lineItemIds.some((id) => store.lineItems.get(id)!.requiresShipping),
    customer: o.customer
      ? {
          id: o.customer.id,
          firstName: o.customer.firstName,
          lastName: o.customer.lastName,
          email: o.customer.email,
          displayName: [o.customer.firstName, o.customer.lastName].filter(Boolean).join(" ") || o.customer.email || "",
        }
      : null,
    shippingAddress: o.shippingAddress ? addressView(o.shippingAddress) : null,
    totalPriceSet: money(
      o.lineItemIds.reduce((s, id) => s + Number(store.lineItems.get(id)!.price) * store.lineItems.get(id)!.currentQuantity, 0).toFixed(2),
      o.currencyCode,
    ),
    lineItems: (args: ConnectionArgs) => {
      const items = o.lineItemIds.map((id) => store.lineItems.get(id)!);
      const c = connection(items, args, (li) => [o.lineItemIds.indexOf(li.id)]);
      const view = (li: LineItem) => lineItemView(li, o.currencyCode);
      return mapConnection(c, view);
    },
    fulfillmentOrders: (args: ConnectionArgs & { query?: string | null; displayable?: boolean | null }) => {
      const search = parseSearch(args.query);
      const fos = store.fulfillmentOrdersOf(o).filter((fo) =>
        matchesSearch(search, {
          fields: {
            id: { kind: "id", value: fo.id },
            status: { kind: "text", value: fo.status.toLowerCase() },
            assigned_location_id: { kind: "id", value: fo.locationId },
            updated_at: { kind: "date", value: fo.updatedAt },
          },
          defaultText: [],
        }),
      );
      const c = connection(fos, args, (fo) => [legacyId(fo.id)]);
      return mapConnection(c, fulfillmentOrderView);
    },
    fulfillments: (args: { first?: number | null; query?: string | null }) => {
      const search = parseSearch(args.query);
      const list = store.fulfillmentsOf(o).filter((f) =>
        matchesSearch(search, {
          fields: { created_at: { kind: "date", value: f.createdAt }, updated_at: { kind: "date", value: f.updatedAt } },
          defaultText: [],
        }),
      );
      return list.slice(0, args.first ?? undefined).map(fulfillmentView);
    },
    fulfillmentsCount: () => ({ count: o.fulfillmentIds.length, precision: "EXACT" }),
  });

  const productSearch = (p: Product): Searchable => ({
    fields: {
      id: { kind: "id", value: p.id },
      title: { kind: "text", value: p.title },
      handle: { kind: "text", value: p.handle },
      vendor: { kind: "text", value: p.vendor },
      product_type: { kind: "text", value: p.productType },
      status: { kind: "text", value: p.status.toLowerCase() },
      sku: { kind: "text", value: variantsOf(p).map((v) => v.sku ?? "") },
      created_at: { kind: "date", value: p.createdAt },
      updated_at: { kind: "date", value: p.updatedAt },
    },
    defaultText: [p.title, p.vendor, p.productType, ...variantsOf(p).map((v) => v.sku ?? "")],
  });

  const variantSearch = (v: Variant): Searchable => ({
    fields: {
      id: { kind: "id", value: v.id },
      product_id: { kind: "id", value: v.productId },
      product_ids: { kind: "idList", value: v.productId },
      sku: { kind: "text", value: v.sku },
      title: { kind: "text", value: v.title },
      updated_at: { kind: "date", value: v.updatedAt },
    },
    defaultText: [v.title, v.sku ?? "", store.products.get(v.productId)?.title ?? ""],
  });

  const sortKeyOf = <T extends { id: string }>(sortKey: unknown, fields: Record<string, (t: T) => string | number>) => {
    const f = typeof sortKey === "string" ? fields[sortKey] : undefined;
    return (t: T): (string | number)[] => (f ? [f(t), legacyId(t.id)] : [legacyId(t.id)]);
  };

  const userErrors = (errors: UserError[]) => errors.map((e) => ({ field: e.field, message: e.message }));

  return {
    // ------------------------------------------------------------------ QueryRoot
    shop: () => ({ id: "gid://shopify/Shop/1", name: store.domain.split(".")[0], myshopifyDomain: store.domain, currencyCode: "USD" }),
    location: (args: { id?: string | null }) => locationView(args.id ?? store.defaultLocationId),
    product: (args: { id: string }) => {
      const p = store.products.get(args.id);
      return p ? productView(p) : null;
    },
    productVariant: (args: { id: string }) => {
      const v = store.variants.get(args.id);
      return v ? variantView(v) : null;
    },
    products: (args: ConnectionArgs & { query?: string | null; sortKey?: string }) => {
      const search = parseSearch(args.query);
      const list = [...store.products.values()].filter((p) => matchesSearch(search, productSearch(p)));
      const key = sortKeyOf(args.sortKey, PRODUCT_SORT);
      return mapConnection(connection(list, args, key), productView);
    },
    productVariants: (args: ConnectionArgs & { query?: string | null; sortKey?: string }) => {
      const search = parseSearch(args.query);
      const list = [...store.variants.values()].filter((v) => matchesSearch(search, variantSearch(v)));
      const key = sortKeyOf(args.sortKey, VARIANT_SORT);
      return mapConnection(connection(list, args, key), variantView);
    },
    order: (args: { id: string }) => {
      const o = store.orders.get(args.id);
      return o ? orderView(o) : null;
    },
    orders: (args: ConnectionArgs & { query?: string | null; sortKey?: string }) => {
      const search = parseSearch(args.query);
      const list = [...store.orders.values()].filter((o) => matchesSearch(search, orderSearch(o)));
      const key = sortKeyOf(args.sortKey ?? "PROCESSED_AT", ORDER_SORT);
      return mapConnection(connection(list, args, key), orderView);
    },
    fulfillmentOrder: (args: { id: string }) => {
      const fo = store.fulfillmentOrders.get(args.id);
      return fo ? fulfillmentOrderView(fo) : null;
    },
    fulfillment: (args: { id: string }) => {
      const f = store.fulfillments.get(args.id);
      return f ? fulfillmentView(f) : null;
    },

    // ------------------------------------------------------------------ Mutation
    fulfillmentCreate: (args: { fulfillment: FulfillmentInput; message?: string | null }) => {
      inputArrayLimit(args.fulfillment.lineItemsByFulfillmentOrder, "fulfillmentCreate");
      for (const g of args.fulfillment.lineItemsByFulfillmentOrder) inputArrayLimit(g.fulfillmentOrderLineItems, "fulfillmentCreate");
      inputArrayLimit(args.fulfillment.trackingInfo?.numbers, "fulfillmentCreate");
      const result = store.fulfillmentCreate(args.fulfillment);
      return { fulfillment: result.fulfillment ? fulfillmentView(result.fulfillment) : null, userErrors: userErrors(result.userErrors) };
    },
    fulfillmentTrackingInfoUpdate: (args: { fulfillmentId: string; trackingInfoInput: TrackingInput; notifyCustomer?: boolean | null }) => {
      inputArrayLimit(args.trackingInfoInput.numbers, "fulfillmentTrackingInfoUpdate");
      const result = store.fulfillmentTrackingInfoUpdate(args.fulfillmentId, args.trackingInfoInput, args.notifyCustomer);
      return { fulfillment: result.fulfillment ? fulfillmentView(result.fulfillment) : null, userErrors: userErrors(result.userErrors) };
    },
    fulfillmentCancel: (args: { id: string }) => {
      const result = store.fulfillmentCancel(args.id);
      return { fulfillment: result.fulfillment ? fulfillmentView(result.fulfillment) : null, userErrors: userErrors(result.userErrors) };
    },
    fulfillmentEventCreate: (args: { fulfillmentEvent: FulfillmentEventInput }) => {
      const result = store.fulfillmentEventCreate(args.fulfillmentEvent);
      return { fulfillmentEvent: result.fulfillmentEvent ? eventView(result.fulfillmentEvent) : null, userErrors: userErrors(result.userErrors) };
    },
    orderCreate: (args: { order: OrderCreateInput; options?: OrderCreateOptionsInput | null }) => {
      const input = args.order;
      const lines = input.lineItems ?? [];
      if (lines.length === 0) {
        return { order: null, userErrors: [{ field: ["order", "lineItems"], message: "Line items must have at least one line item", code: "INVALID" }] };
      }
      try {
        const order: OrderInput = {
          email: input.email ?? null,
          phone: input.phone ?? null,
          note: input.note ?? null,
          tags: input.tags ?? [],
          currencyCode: input.currency ?? "USD",
          ...(input.processedAt ? { processedAt: input.processedAt } : {}),
          shippingAddress: input.shippingAddress
            ? {
                firstName: input.shippingAddress.firstName ?? null,
                lastName: input.shippingAddress.lastName ?? null,
                company: input.shippingAddress.company ?? null,
                address1: input.shippingAddress.address1 ?? null,
                address2: input.shippingAddress.address2 ?? null,
                city: input.shippingAddress.city ?? null,
                province: input.shippingAddress.province ?? input.shippingAddress.provinceCode ?? null,
                provinceCode: input.shippingAddress.provinceCode ?? null,
                country: input.shippingAddress.country ?? null,
                zip: input.shippingAddress.zip ?? null,
                countryCode: input.shippingAddress.countryCode ?? null,
                phone: input.shippingAddress.phone ?? null,
              }
            : null,
          lines: lines.map((l) => ({
            ...(l.variantId ? { variantId: l.variantId } : {}),
            ...(l.title ? { title: l.title } : {}),
            sku: l.sku ?? null,
            quantity: l.quantity,
            ...(l.priceSet?.shopMoney?.amount !== undefined ? { price: Number(l.priceSet.shopMoney.amount).toFixed(2) } : {}),
            requiresShipping: l.requiresShipping ?? true,
          })),
        };
        if (input.sourceIdentifier) order.sourceIdentifier = input.sourceIdentifier;
        // the schema's defaults: no order confirmation, no shipping confirmation, BYPASS inventory
        const created = store.createOrder(order, {
          sendReceipt: args.options?.sendReceipt ?? false,
          sendFulfillmentReceipt: args.options?.sendFulfillmentReceipt ?? false,
          inventoryBehaviour: args.options?.inventoryBehaviour ?? "BYPASS",
        });
        return { order: orderView(store.orders.get(created.id)!), userErrors: [] };
      } catch (error) {
        if (error instanceof StandInInputError) {
          return { order: null, userErrors: [{ field: ["order"], message: error.message.replace(/^createOrder: /, ""), code: "INVALID" }] };
        }
        throw error;
      }
    },
    /**
     * orderCancel: "An order can only be cancelled if … the order hasn't already been cancelled"
     * (Mutation.orderCancel description). Unfulfilled units are no longer due and open fulfillment
     * orders close, as ShopStore.cancelOrder does. Shopify runs it as a job; here it is done at once.
     */
    orderCancel: (args: { orderId: string; reason: string; notifyCustomer?: boolean | null; restock: boolean; staffNote?: string | null }) => {
      const reject = (field: string[], message: string, code: string) => {
        const errors = [{ field, message, code }];
        return { job: null, jobResult: null, orderCancelUserErrors: errors, userErrors: errors.map(({ field: f, message: m }) => ({ field: f, message: m })) };
      };
      const o = store.orders.get(args.orderId);
      if (!o) return reject(["orderId"], "Order does not exist.", "NOT_FOUND");
      if (o.cancelledAt) return reject(["orderId"], "Order has already been cancelled.", "INVALID");
      if (args.staffNote && args.staffNote.length > 255) return reject(["staffNote"], "Staff note is too long (maximum is 255 characters).", "INVALID");
      store.cancelOrder(o.id, args.reason);
      store.cancellations.push({ orderId: o.id, reason: args.reason, notifyCustomer: args.notifyCustomer ?? false, restock: args.restock, staffNote: args.staffNote ?? null });
      return { job: { id: `gid://shopify/Job/${legacyId(o.id)}-cancel`, done: true, query: null }, jobResult: null, orderCancelUserErrors: [], userErrors: [] };
    },
  };
}

interface OrderCreateOptionsInput {
  sendReceipt?: boolean | null;
  sendFulfillmentReceipt?: boolean | null;
  inventoryBehaviour?: string | null;
}

interface OrderCreateInput {
  sourceIdentifier?: string | null;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | null;
  currency?: string | null;
  processedAt?: string | null;
  shippingAddress?: {
    firstName?: string | null;
    lastName?: string | null;
    company?: string | null;
    address1?: string | null;
    address2?: string | null;
    city?: string | null;
    province?: string | null;
    provinceCode?: string | null;
    country?: string | null;
    zip?: string | null;
    countryCode?: string | null;
    phone?: string | null;
  } | null;
  lineItems?: {
    variantId?: string | null;
    title?: string | null;
    sku?: string | null;
    quantity: number;
    requiresShipping?: boolean | null;
    priceSet?: { shopMoney?: { amount: string | number } | null } | null;
  }[] | null;
}

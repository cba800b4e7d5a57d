// In-memory state of the ShipBob stand-in: orders, shipments and webhook subscriptions, and the
// views ShipBob returns for them (Orders.OrderViewModel, Orders.ShipmentViewModel).
// Behaviour follows reference/notes/fulfillers-and-carriers.md §2: an order gets one shipment on
// creation; splitting, shipping and cancelling happen per shipment; order status follows them.

export type ShipmentStatus = "Processing" | "Completed" | "Cancelled" | "OnHold" | "Exception";

export interface ProductRecord {
  id: number;
  reference_id: string;
  sku: string | null;
  name: string;
  inventoryId: number;
}

export interface OrderLineRecord {
  product: ProductRecord;
  quantity: number;
  external_line_id: number | null;
  unit_price: number | null;
}

export interface ShipmentRecord {
  id: number;
  orderId: number;
  status: ShipmentStatus;
  items: { product: ProductRecord; quantity: number }[];
  picked: boolean;
  tracking: {
    carrier: string;
    carrier_service: string;
    tracking_number: string;
    tracking_url: string;
    shipping_date: string;
  } | null;
  isTrackingUploaded: boolean;
  createdAt: string;
  updatedAt: string;
  fulfilledAt: string | null;
}

export interface RecipientRecord {
  name: string;
  email?: string | null;
  phone_number?: string | null;
  address: Record<string, unknown>;
}

export interface OrderRecord {
  id: number;
  channel: { id: number; name: string };
  reference_id: string;
  order_number: string | null;
  type: string;
  shipping_method: string;
  purchase_date: string | null;
  gift_message: string | null;
  recipient: RecipientRecord;
  lines: OrderLineRecord[];
  tags: { name: string; value: string }[];
  financials: { total_price: number | null } | null;
  shipmentIds: number[];
  createdAt: string;
  updatedAt: string;
}

export interface WebhookSubscription {
  id: string;
  topics: string[];
  url: string;
  secret: string;
  description: string | null;
  created_at: string;
}

export class ShipBobStore {
  readonly orders = new Map<number, OrderRecord>();
  readonly shipments = new Map<number, ShipmentRecord>();
  readonly products = new Map<string, ProductRecord>();
  readonly webhooks = new Map<string, WebhookSubscription>();
  private nextOrderId = 100_001;
  private nextShipmentId = 500_001;
  private nextProductId = 7_001;
  private nextWebhookId = 1;
  private nextTracking = 1;

  constructor(private readonly now: () => Date) {}

  iso(): string {
    return this.now().toISOString();
  }

  product(referenceId: string, name: string | null, sku: string | null): ProductRecord {
    let p = this.products.get(referenceId);
    if (!p) {
      const id = this.nextProductId++;
      p = { id, reference_id: referenceId, sku: sku ?? referenceId, name: name ?? referenceId, inventoryId: id + 50_000 };
      this.products.set(referenceId, p);
    }
    return p;
  }

  createOrder(input: Omit<OrderRecord, "id" | "shipmentIds" | "createdAt" | "updatedAt">): OrderRecord {
    const at = this.iso();
    const order: OrderRecord = { ...input, id: this.nextOrderId++, shipmentIds: [], createdAt: at, updatedAt: at };
    this.orders.set(order.id, order);
    this.addShipment(
      order,
      input.lines.map((l) => ({ product: l.product, quantity: l.quantity })),
    );
    return order;
  }

  addShipment(order: OrderRecord, items: ShipmentRecord["items"]): ShipmentRecord {
    const at = this.iso();
    const s: ShipmentRecord = {
      id: this.nextShipmentId++,
      orderId: order.id,
      status: "Processing",
      items,
      picked: false,
      tracking: null,
      isTrackingUploaded: false,
      createdAt: at,
      updatedAt: at,
      fulfilledAt: null,
    };
    this.shipments.set(s.id, s);
    order.shipmentIds.push(s.id);
    order.updatedAt = at;
    return s;
  }

  touch(shipment: ShipmentRecord): void {
    const at = this.iso();
    shipment.updatedAt = at;
    const order = this.orders.get(shipment.orderId);
    if (order) order.updatedAt = at;
  }

  shipmentsOf(order: OrderRecord): ShipmentRecord[] {
    return order.shipmentIds.map((id) => this.shipments.get(id)).filter((s): s is ShipmentRecord => !!s);
  }

  newTrackingNumber(): string {
    // USPS-style 22 digits, unique per stand-in
    return `9400111${String(this.nextTracking++).padStart(15, "0")}`;
  }

  subscribe(input: Omit<WebhookSubscription, "id" | "created_at">): WebhookSubscription {
    const sub = { ...input, id: String(this.nextWebhookId++), created_at: this.iso() };
    this.webhooks.set(sub.id, sub);
    return sub;
  }

  orderStatus(order: OrderRecord): string {
    const shipments = this.shipmentsOf(order);
    const live = shipments.filter((s) => s.status !== "Cancelled");
    if (live.length === 0) return "Cancelled";
    const done = live.filter((s) => s.status === "Completed");
    if (done.length === live.length) return "Fulfilled";
    if (done.length > 0) return "PartiallyFulfilled";
    if (live.some((s) => s.status === "Exception")) return "Exception";
    return "Processing";
  }

  shipmentView(s: ShipmentRecord): Record<string, unknown> {
    const order = this.orders.get(s.orderId);
    if (!order) throw new Error(`stand-in: shipment ${s.id} has no order`);
    const byProduct = new Map<number, { product: ProductRecord; quantity: number }>();
    for (const item of s.items) {
      const entry = byProduct.get(item.product.id) ?? { product: item.product, quantity: 0 };
      entry.quantity += item.quantity;
      byProduct.set(item.product.id, entry);
    }
    const view: Record<string, unknown> = {
      id: s.id,
      order_id: s.orderId,
      reference_id: order.reference_id,
      status: s.status,
      status_details: s.picked
        ? [{ id: 1, name: "Picked", description: "The items of this shipment have been picked", inventory_id: null }]
        : [],
      created_date: s.createdAt,
      last_update_at: s.updatedAt,
      last_tracking_update_at: s.tracking ? s.updatedAt : null,
      actual_fulfillment_date: s.fulfilledAt,
      estimated_fulfillment_date: null,
      delivery_date: null,
      is_tracking_uploaded: s.isTrackingUploaded,
      require_signature: false,
      gift_message: order.gift_message,
      location: { id: 10, name: "Cicero (IL)" },
      ship_option: order.shipping_method,
      recipient: {
        name: order.recipient.name,
        full_name: order.recipient.name,
        address: order.recipient.address,
        email: order.recipient.email ?? null,
        phone_number: order.recipient.phone_number ?? null,
      },
      products: [...byProduct.values()].map(({ product, quantity }) => ({
        id: product.id,
        reference_id: product.reference_id,
        sku: product.sku,
        name: product.name,
        inventory_items: [
          {
            id: product.inventoryId,
            name: product.name,
            quantity,
            quantity_committed: quantity,
            is_dangerous_goods: false,
            lot: null,
            expiration_date: null,
            serial_numbers: [],
          },
        ],
      })),
    };
    if (s.tracking) view.tracking = { ...s.tracking, bol: null, pro_number: null, scac: null };
    return view;
  }

  orderView(order: OrderRecord): Record<string, unknown> {
    const view: Record<string, unknown> = {
      id: order.id,
      created_date: order.createdAt,
      purchase_date: order.purchase_date,
      reference_id: order.reference_id,
      order_number: order.order_number ?? order.reference_id,
      status: this.orderStatus(order),
      type: order.type,
      channel: order.channel,
      shipping_method: order.shipping_method,
      gift_message: order.gift_message,
      recipient: {
        name: order.recipient.name,
        address: order.recipient.address,
        email: order.recipient.email ?? null,
        phone_number: order.recipient.phone_number ?? null,
      },
      products: order.lines.map((l) => ({
        id: l.product.id,
        reference_id: l.product.reference_id,
        sku: l.product.sku,
        quantity: l.quantity,
        external_line_id: l.external_line_id,
        unit_price: l.unit_price,
      })),
      tags: order.tags,
      shipments: this.shipmentsOf(order).map((s) => this.shipmentView(s)),
    };
    if (order.financials) view.financials = order.financials;
    return view;
  }
}

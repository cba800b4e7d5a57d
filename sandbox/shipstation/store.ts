// The stand-in's account: orders, label shipments, fulfillments (orders marked shipped) and
// webhook subscriptions, with the rules the V1 docs state (upsert by orderKey, only open
// orders updatable, labels listed by /shipments, marked-shipped orders only by /fulfillments).
import { randomUUID } from "node:crypto";
import {
  OPEN_STATUSES,
  type OrderInput,
  type SsFulfillment,
  type SsItem,
  type SsOrder,
  type SsShipment,
  type SsWebhook,
  ssDate,
  ssTime,
  upsTrackingNumber,
} from "./model";

export interface PackageSpec {
  /** what this package holds; default: everything not yet shipped */
  items?: { lineItemKey: string; quantity: number }[];
  trackingNumber?: string;
  carrierCode?: string;
  serviceCode?: string;
}

/** A refusal the HTTP layer turns into ShipStation's error body. */
export class StandInRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class ShipStationStore {
  readonly orders = new Map<number, SsOrder>();
  readonly shipments: SsShipment[] = [];
  readonly fulfillments: SsFulfillment[] = [];
  readonly webhooks: SsWebhook[] = [];
  private seq = { order: 100_000_000, item: 500_000_000, shipment: 200_000_000, fulfillment: 300_000_000, batch: 1000, hook: 7000, tracking: 1 };

  constructor(
    private readonly now: () => Date,
    readonly storeId: number,
  ) {}

  find(ref: string | number): SsOrder | undefined {
    if (typeof ref === "number") return this.orders.get(ref);
    for (const order of this.orders.values()) if (order.orderKey === ref) return order;
    const id = Number(ref);
    return Number.isInteger(id) ? this.orders.get(id) : undefined;
  }

  private mustFind(ref: string | number): SsOrder {
    const order = this.find(ref);
    if (!order) throw new Error(`ShipStation stand-in: no order ${ref}`);
    return order;
  }

  /** POST /orders/createorder: create, or update the order with the same orderKey (no partial updates). */
  upsertOrder(input: OrderInput): SsOrder {
    const now = ssTime(this.now());
    const existing = input.orderKey ? this.find(input.orderKey) : undefined;
    if (existing && !OPEN_STATUSES.includes(existing.orderStatus)) {
      throw new StandInRefusal(
        400,
        `Order ${existing.orderNumber} is ${existing.orderStatus}; only orders in an open status can be updated.`,
      );
    }
    const itemIds = new Map((existing?.items ?? []).map((i) => [i.lineItemKey ?? "", i]));
    const items: SsItem[] = (input.items ?? []).map((item) => {
      const before = item.lineItemKey ? itemIds.get(item.lineItemKey) : undefined;
      return {
        ...item,
        orderItemId: before?.orderItemId ?? this.seq.item++,
        createDate: before?.createDate ?? now,
        modifyDate: now,
      };
    });
    const order: SsOrder = {
      ...input,
      orderId: existing?.orderId ?? this.seq.order++,
      orderNumber: input.orderNumber,
      orderKey: input.orderKey ?? randomUUID(),
      orderDate: input.orderDate,
      createDate: existing?.createDate ?? now,
      modifyDate: now,
      paymentDate: input.paymentDate ?? null,
      shipByDate: input.shipByDate ?? null,
      orderStatus: input.orderStatus,
      customerUsername: input.customerUsername ?? null,
      customerEmail: input.customerEmail ?? null,
      billTo: input.billTo,
      shipTo: { ...input.shipTo, addressVerified: "Address validated successfully" },
      items,
      internalNotes: input.internalNotes ?? null,
      customerNotes: input.customerNotes ?? null,
      shipDate: existing?.shipDate ?? null,
      advancedOptions: { ...(input.advancedOptions ?? {}), storeId: input.advancedOptions?.storeId ?? this.storeId },
    };
    this.orders.set(order.orderId, order);
    return order;
  }

  private shippedQuantity(order: SsOrder, lineItemKey: string): number {
    let total = 0;
    for (const s of this.shipments) {
      if (s.orderId !== order.orderId || s.voided) continue;
      for (const item of s.shipmentItems) if (item.lineItemKey === lineItemKey) total += item.quantity;
    }
    return total;
  }

  private refreshStatus(order: SsOrder): void {
    const fullyShipped =
      order.items.length > 0 &&
      order.items.every((i) => this.shippedQuantity(order, i.lineItemKey ?? "") >= i.quantity);
    const marked = this.fulfillments.some((f) => f.orderId === order.orderId && !f.voided);
    if (fullyShipped || marked) {
      order.orderStatus = "shipped";
      order.shipDate ??= ssDate(this.now());
    } else if (order.orderStatus === "shipped") {
      order.orderStatus = "awaiting_shipment";
      order.shipDate = null;
    }
    order.modifyDate = ssTime(this.now());
  }

  /** Buys labels: one shipment per package, all in one batch. */
  ship(ref: string | number, packages: PackageSpec[] = [{}], opts: { allowOverShip?: boolean } = {}) {
    const order = this.mustFind(ref);
    if (!["awaiting_shipment", "pending_fulfillment", "on_hold", "shipped"].includes(order.orderStatus)) {
      throw new Error(`ShipStation stand-in: order ${order.orderNumber} is ${order.orderStatus} and cannot ship`);
    }
    const batchId = this.seq.batch++;
    const now = this.now();
    const pending = new Map(order.items.map((i) => [i.lineItemKey ?? "", i.quantity - this.shippedQuantity(order, i.lineItemKey ?? "")]));
    const created: SsShipment[] = [];
    for (const pkg of packages) {
      const wanted =
        pkg.items ?? [...pending.entries()].filter(([, q]) => q > 0).map(([lineItemKey, quantity]) => ({ lineItemKey, quantity }));
      const shipmentItems = wanted.map(({ lineItemKey, quantity }) => {
        const item = order.items.find((i) => i.lineItemKey === lineItemKey);
        if (!item) throw new Error(`ShipStation stand-in: order ${order.orderNumber} has no item ${lineItemKey}`);
        const left = pending.get(lineItemKey) ?? 0;
        if (quantity > left && !opts.allowOverShip) {
          throw new Error(`ShipStation stand-in: only ${left} of ${lineItemKey} left to ship, not ${quantity}`);
        }
        pending.set(lineItemKey, left - quantity);
        return { ...item, quantity };
      });
      const shipment: SsShipment = {
        shipmentId: this.seq.shipment++,
        orderId: order.orderId,
        orderKey: order.orderKey,
        userId: null,
        customerEmail: order.customerEmail,
        orderNumber: order.orderNumber,
        createDate: ssTime(now),
        shipDate: ssDate(now),
        shipmentCost: 7.3,
        insuranceCost: 0,
        trackingNumber: pkg.trackingNumber ?? upsTrackingNumber(this.seq.tracking++),
        isReturnLabel: false,
        batchNumber: String(batchId),
        carrierCode: pkg.carrierCode ?? (pkg.trackingNumber ? "stamps_com" : "ups"),
        serviceCode: pkg.serviceCode ?? (pkg.carrierCode === "stamps_com" ? "usps_priority_mail" : "ups_ground"),
        packageCode: "package",
        confirmation: null,
        warehouseId: 1,
        voided: false,
        voidDate: null,
        marketplaceNotified: false,
        notifyErrorMessage: null,
        shipTo: order.shipTo,
        weight: { value: 16, units: "ounces" },
        dimensions: null,
        insuranceOptions: { provider: null, insureShipment: false, insuredValue: 0 },
        advancedOptions: { storeId: order.advancedOptions.storeId },
        shipmentItems,
        labelData: null,
        formData: null,
      };
      this.shipments.push(shipment);
      created.push(shipment);
    }
    this.refreshStatus(order);
    return { batchId, shipments: created };
  }

  /** POST /orders/markasshipped: shipped without a ShipStation label; listed only by /fulfillments. */
  markShipped(ref: string | number, input: { trackingNumber?: string; carrierCode?: string; shipDate?: string } = {}) {
    const order = this.mustFind(ref);
    if (!OPEN_STATUSES.includes(order.orderStatus)) {
      throw new StandInRefusal(400, `Order ${order.orderNumber} is ${order.orderStatus} and cannot be marked as shipped.`);
    }
    const now = this.now();
    const fulfillment: SsFulfillment = {
      fulfillmentId: this.seq.fulfillment++,
      orderId: order.orderId,
      orderNumber: order.orderNumber,
      userId: null,
      customerEmail: order.customerEmail,
      trackingNumber: input.trackingNumber ?? upsTrackingNumber(this.seq.tracking++),
      createDate: ssTime(now),
      shipDate: input.shipDate ?? ssDate(now),
      voidDate: null,
      deliveryDate: null,
      carrierCode: input.carrierCode ?? "ups",
      fulfillmentProviderCode: null,
      fulfillmentServiceCode: null,
      fulfillmentFee: 0,
      voidRequested: false,
      voided: false,
      marketplaceNotified: false,
      notifyErrorMessage: null,
      shipTo: order.shipTo,
    };
    this.fulfillments.push(fulfillment);
    this.refreshStatus(order);
    return fulfillment;
  }

  /** POST /shipments/voidlabel */
  voidLabel(shipmentId: number): SsShipment {
    const shipment = this.shipments.find((s) => s.shipmentId === shipmentId);
    if (!shipment) throw new StandInRefusal(404, `No shipment ${shipmentId}.`);
    if (!shipment.voided) {
      shipment.voided = true;
      shipment.voidDate = ssTime(this.now());
      const order = this.orders.get(shipment.orderId);
      if (order) this.refreshStatus(order);
    }
    return shipment;
  }

  subscribe(input: { target_url: string; event: string; store_id?: number | null; friendly_name?: string | null }) {
    const hook: SsWebhook = {
      IsLabelAPIHook: false,
      WebHookID: this.seq.hook++,
      SellerID: 1,
      StoreID: input.store_id ?? null,
      HookType: input.event,
      MessageFormat: "Json",
      Url: input.target_url,
      Name: input.friendly_name ?? null,
      BulkCopyBatchID: null,
      BulkCopyRecordID: null,
      Active: true,
      WebhookLogs: [],
      Seller: null,
      Store: null,
    };
    this.webhooks.push(hook);
    return hook;
  }

  unsubscribe(id: number): boolean {
    const index = this.webhooks.findIndex((w) => w.WebHookID === id);
    if (index < 0) return false;
    this.webhooks.splice(index, 1);
    return true;
  }
}

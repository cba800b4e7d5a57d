// The operations the ShipBob stand-in implements, by operationId. Requests reaching these have
// already passed the spec check, so bodies and query values have the documented shapes.
import type { ShipBobStore, ShipmentRecord } from "./store";
import { newWebhookSecret } from "./webhooks";

export interface OpRequest {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: unknown;
  /** the channel named by the shipbob_channel_id header, when one was sent */
  channel: { id: number; name: string } | null;
  channels: { id: number; name: string }[];
}

export interface OpResult {
  status: number;
  body?: unknown;
}

type Handler = (store: ShipBobStore, req: OpRequest) => OpResult;
type Obj = Record<string, unknown>;

const V = "/2026-01";
const WRITE_SCOPES = ["orders_read", "orders_write", "webhooks_read", "webhooks_write", "channels_read"];

function q(req: OpRequest, name: string): string | undefined {
  const v = req.query[name];
  return Array.isArray(v) ? v[0] : v;
}

function list(value: string | undefined): string[] {
  return value ? value.split(",").map((s) => s.trim()).filter(Boolean) : [];
}

function bool(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value.toLowerCase() === "true";
}

function after(value: string | undefined, at: string): boolean {
  return value === undefined || Date.parse(at) > Date.parse(value);
}

function before(value: string | undefined, at: string): boolean {
  return value === undefined || Date.parse(at) < Date.parse(value);
}

const tracked = (s: ShipmentRecord) => s.tracking !== null && s.status !== "Cancelled";

function createOrder(store: ShipBobStore, req: OpRequest): OpResult {
  const body = req.body as Obj | undefined;
  if (!body) return { status: 400, body: { "": ["A non-empty request body is required."] } };
  const channel = req.channel;
  if (!channel) return { status: 400, body: { shipbob_channel_id: ["The shipbob_channel_id header is required."] } };
  const referenceId = String(body.reference_id);
  // reference_id is unique within the account; a second insert is refused with 422 (brianzinn
  // README's recorded response; notes §2 "Create order").
  if ([...store.orders.values()].some((o) => o.reference_id === referenceId)) {
    return { status: 422, body: { "": ["Cannot insert order with existing ReferenceId"] } };
  }
  const products = body.products as Obj[];
  const recipient = body.recipient as Obj;
  const order = store.createOrder({
    channel,
    reference_id: referenceId,
    order_number: (body.order_number as string | undefined) ?? null,
    type: String(body.type),
    shipping_method: String(body.shipping_method),
    purchase_date: (body.purchase_date as string | undefined) ?? null,
    gift_message: (body.gift_message as string | undefined) ?? null,
    recipient: {
      name: String(recipient.name),
      email: (recipient.email as string | undefined) ?? null,
      phone_number: (recipient.phone_number as string | undefined) ?? null,
      address: recipient.address as Obj,
    },
    lines: products.map((p) => ({
      product: store.product(
        String(p.reference_id),
        (p.name as string | null | undefined) ?? null,
        (p.sku as string | null | undefined) ?? null,
      ),
      quantity: Number(p.quantity),
      external_line_id: (p.external_line_id as number | null | undefined) ?? null,
      unit_price: (p.unit_price as number | null | undefined) ?? null,
    })),
    tags: (body.tags as { name: string; value: string }[] | null | undefined) ?? [],
    financials: (body.financials as { total_price: number | null } | undefined) ?? null,
  });
  return { status: 201, body: store.orderView(order) };
}

// GET /order filters as documented on the operation. HasTracking: some shipment has a tracking
// number. IsTrackingUploaded=false: some live, tracked shipment is not yet marked uploaded (the
// polling guide's "has tracking, not yet uploaded"; notes §2 "Polling").
function listOrders(store: ShipBobStore, req: OpRequest): OpResult {
  const ids = list(q(req, "IDs")).map(Number);
  const refs = list(q(req, "ReferenceIds"));
  const hasTracking = bool(q(req, "HasTracking"));
  const uploaded = bool(q(req, "IsTrackingUploaded"));
  const page = Number(q(req, "Page") ?? 1);
  const limit = Number(q(req, "Limit") ?? 50);
  let orders = [...store.orders.values()].filter((o) => {
    const shipments = store.shipmentsOf(o);
    const withTracking = shipments.filter(tracked);
    const lastTracking = withTracking.map((s) => s.updatedAt).sort().at(-1);
    return (
      (!req.channel || o.channel.id === req.channel.id) &&
      (ids.length === 0 || ids.includes(o.id)) &&
      (refs.length === 0 || refs.includes(o.reference_id)) &&
      (hasTracking === undefined || hasTracking === shipments.some((s) => s.tracking !== null)) &&
      (uploaded === undefined || uploaded === withTracking.every((s) => s.isTrackingUploaded)) &&
      after(q(req, "StartDate"), o.createdAt) &&
      before(q(req, "EndDate"), o.createdAt) &&
      after(q(req, "LastUpdateStartDate"), o.updatedAt) &&
      before(q(req, "LastUpdateEndDate"), o.updatedAt) &&
      (q(req, "LastTrackingUpdateStartDate") === undefined ||
        (lastTracking !== undefined && after(q(req, "LastTrackingUpdateStartDate"), lastTracking))) &&
      (q(req, "LastTrackingUpdateEndDate") === undefined ||
        (lastTracking !== undefined && before(q(req, "LastTrackingUpdateEndDate"), lastTracking)))
    );
  });
  orders.sort((a, b) => a.id - b.id);
  if (q(req, "SortOrder") !== "Oldest") orders.reverse();
  orders = orders.slice((page - 1) * limit, page * limit);
  return { status: 200, body: orders.map((o) => store.orderView(o)) };
}

function getOrder(store: ShipBobStore, req: OpRequest): OpResult {
  const order = store.orders.get(Number(req.params.orderId));
  return order ? { status: 200, body: store.orderView(order) } : { status: 404 };
}

function getShipment(store: ShipBobStore, req: OpRequest): OpResult {
  const shipment = store.shipments.get(Number(req.params.shipmentId));
  if (!shipment || (req.params.orderId && shipment.orderId !== Number(req.params.orderId))) return { status: 404 };
  return { status: 200, body: store.shipmentView(shipment) };
}

/** Why a shipment cannot be cancelled any more, or null: "not picked, packed, or shipped yet". */
function cancelRefusal(s: ShipmentRecord): string | null {
  if (s.status === "Completed") return `Shipment ${s.id} has already shipped and cannot be cancelled.`;
  if (s.picked) return `Shipment ${s.id} has already been picked and cannot be cancelled.`;
  return null;
}

function cancelOrder(store: ShipBobStore, req: OpRequest): OpResult {
  const order = store.orders.get(Number(req.params.orderId));
  if (!order) return { status: 404 };
  const live = store.shipmentsOf(order).filter((s) => s.status !== "Cancelled");
  if (live.length === 0) return { status: 422, body: { "": [`Order ${order.id} is already cancelled.`] } };
  const results = live.map((s) => {
    const reason = cancelRefusal(s);
    if (!reason) {
      s.status = "Cancelled";
      store.touch(s);
    }
    return { shipment_id: s.id, action: "Cancel", is_success: reason === null, reason };
  });
  const ok = results.filter((r) => r.is_success).length;
  const status = ok === results.length ? "Success" : ok === 0 ? "Failure" : "PartialSuccess";
  return {
    status: 200,
    body: { order_id: order.id, order: store.orderView(order), status, canceled_shipment_results: results },
  };
}

function cancelShipment(store: ShipBobStore, req: OpRequest): OpResult {
  const shipment = store.shipments.get(Number(req.params.shipmentId));
  if (!shipment || (req.params.orderId && shipment.orderId !== Number(req.params.orderId))) return { status: 404 };
  const reason = shipment.status === "Cancelled" ? `Shipment ${shipment.id} is already cancelled.` : cancelRefusal(shipment);
  if (reason) return { status: 422, body: { "": [reason] } };
  shipment.status = "Cancelled";
  store.touch(shipment);
  return { status: 200, body: store.shipmentView(shipment) };
}

function batchTrackingUpload(store: ShipBobStore, req: OpRequest): OpResult {
  const body = (req.body ?? {}) as { is_tracking_uploaded?: boolean; shipment_ids?: number[] | null };
  const ids = body.shipment_ids ?? [];
  if (ids.length === 0) return { status: 400, body: "shipment_ids must contain at least one shipment id." };
  const results = ids.map((id) => {
    const s = store.shipments.get(id);
    if (!s) return { shipmentId: id, isSuccess: false, error: { code: "NOT_FOUND", message: `Shipment ${id} was not found.` } };
    s.isTrackingUploaded = body.is_tracking_uploaded ?? false;
    return { shipmentId: id, isSuccess: true };
  });
  const successful = results.filter((r) => r.isSuccess).length;
  return {
    status: 200,
    body: { results, summary: { total: results.length, successful, failed: results.length - successful } },
  };
}

function listChannels(_store: ShipBobStore, req: OpRequest): OpResult {
  return {
    status: 200,
    body: {
      items: req.channels.map((c) => ({ id: c.id, name: c.name, application_name: "SMA", scopes: WRITE_SCOPES })),
      next: null,
      prev: null,
    },
  };
}

function createWebhook(store: ShipBobStore, req: OpRequest): OpResult {
  const body = req.body as { topics: string[]; url: string; secret?: string | null; description?: string | null };
  const sub = store.subscribe({
    topics: body.topics,
    url: body.url,
    secret: body.secret ?? newWebhookSecret(),
    description: body.description ?? null,
  });
  return { status: 200, body: sub };
}

function listWebhooks(store: ShipBobStore): OpResult {
  const items = [...store.webhooks.values()].map(({ secret: _secret, ...w }) => ({ ...w, enabled: true }));
  return { status: 200, body: { items, next: null, prev: null } };
}

function deleteWebhook(store: ShipBobStore, req: OpRequest): OpResult {
  store.webhooks.delete(String(req.params.id));
  return { status: 204 };
}

export const handlers: Record<string, Handler> = {
  [`GET ${V}/channel`]: listChannels,
  [`POST ${V}/order`]: createOrder,
  [`GET ${V}/order`]: listOrders,
  [`GET ${V}/order/{orderId}`]: getOrder,
  [`GET ${V}/shipment/{shipmentId}`]: getShipment,
  [`GET ${V}/order/{orderId}/shipment/{shipmentId}`]: getShipment,
  [`POST ${V}/order/{orderId}:cancel`]: cancelOrder,
  [`POST ${V}/shipment/{shipmentId}:cancel`]: cancelShipment,
  [`POST ${V}/order/{orderId}/shipment/{shipmentId}:cancel`]: cancelShipment,
  [`POST ${V}/shipment:batchUpdateTrackingUpload`]: batchTrackingUpload,
  [`POST ${V}/webhook`]: createWebhook,
  [`GET ${V}/webhook`]: listWebhooks,
  [`DELETE ${V}/webhook/{id}`]: deleteWebhook,
};

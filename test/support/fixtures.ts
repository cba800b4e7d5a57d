// In-memory fixture providers (Medusa's "fixture provider" style, notes/peers.md §2): a buyer
// platform and a push-type fulfiller that behave like the real ones where the use cases rely on
// it — the platform refuses units beyond what remains to fulfill, is NOT idempotent on its own
// (like Shopify's fulfillmentCreate) and can find what was pushed; the fulfiller's submit is
// idempotent on our fulfillment id, its shipments come by cursor and by webhook, voids included.
// Faults can be injected: refusals, outages, and "committed, then timed out".
import { z } from "zod";
import { normalizedTrackingNumbers } from "~/fulfillment/coverage";
import { PlatformRejectedError, PlatformUnavailableError } from "~/platforms/errors";
import type {
  Page,
  Platform,
  PlatformKind,
  PlatformOrder,
  PlatformProduct,
  PlatformShipment,
  PushedRef,
  PushOptions,
  ShopRef,
  TrackingEvent,
} from "~/platforms/port";
import { credentialFields } from "~/plugins/catalog";
import { PluginRejectedError, PluginUnavailableError, PluginWebhookRejectedError } from "~/plugins/errors";
import type {
  FulfillerShipment,
  FulfillmentPart,
  FulfillmentPlugin,
  PluginConnection,
  PluginContext,
  ShipmentsPage,
} from "~/plugins/port";

// ————————————————————————————————————————— platform —————————————————————————————————————————

export interface FixturePlatformFulfillment {
  id: string;
  platformOrderId: string;
  lines: { platformLineId: string; quantity: number }[];
  trackingNumbers: string[];
  carrier: string | null;
  trackingUrl: string | null;
  status: "SUCCESS" | "CANCELLED";
  notifyCustomer: boolean;
  events: TrackingEvent[];
}

export type PlatformFault =
  | { kind: "reject"; message: string }
  | { kind: "unavailable"; message?: string; retryAfterMs?: number }
  /** the write is committed, then the answer is lost (a timeout after the platform acted) */
  | { kind: "commit-then-timeout" };

type PlatformMethod = "pushShipment" | "findPushed" | "updateTracking" | "cancelShipment" | "recordTrackingEvent";

export class FixturePlatform implements Platform {
  readonly orders = new Map<string, PlatformOrder>();
  readonly fulfillments: FixturePlatformFulfillment[] = [];
  readonly calls: { method: PlatformMethod | "listOrdersChangedSince" | "getOrder"; at: number }[] = [];
  private readonly faults: { method: PlatformMethod; fault: PlatformFault }[] = [];
  private seq = 0;
  /** wait this long inside each write, to let concurrent workers overlap */
  writeDelayMs = 0;
  ordersPageSize = 50;

  constructor(readonly kind: PlatformKind = "SHOPIFY") {}

  /** An order as the platform holds it (its lines carry platform line ids). */
  putOrder(order: PlatformOrder): void {
    this.orders.set(order.platformOrderId, structuredClone(order));
  }

  /** The next call of `method` fails this way (faults queue up in order). */
  failNext(method: PlatformMethod, fault: PlatformFault): void {
    this.faults.push({ method, fault });
  }

  live(platformOrderId: string): FixturePlatformFulfillment[] {
    return this.fulfillments.filter((f) => f.platformOrderId === platformOrderId && f.status === "SUCCESS");
  }

  count(method: PlatformMethod): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  private takeFault(method: PlatformMethod): PlatformFault | null {
    const index = this.faults.findIndex((f) => f.method === method);
    if (index < 0) return null;
    return this.faults.splice(index, 1)[0].fault;
  }

  private throwFault(fault: PlatformFault): never {
    if (fault.kind === "reject") throw new PlatformRejectedError(fault.message, null, 422);
    if (fault.kind === "unavailable") {
      throw new PlatformUnavailableError(fault.message ?? "503 Service Unavailable", 503, fault.retryAfterMs ?? null);
    }
    throw new PlatformUnavailableError("The request timed out", null);
  }

  private order(platformOrderId: string): PlatformOrder {
    const order = this.orders.get(platformOrderId);
    if (!order) throw new PlatformRejectedError(`Order ${platformOrderId} does not exist`, "orderId", 404);
    return order;
  }

  private remaining(order: PlatformOrder, platformLineId: string): number {
    const line = order.lines.find((l) => l.platformLineId === platformLineId);
    if (!line) return 0;
    const fulfilled = this.live(order.platformOrderId)
      .flatMap((f) => f.lines)
      .filter((l) => l.platformLineId === platformLineId)
      .reduce((sum, l) => sum + l.quantity, 0);
    return line.quantity - line.cancelledQuantity - fulfilled;
  }

  async listProducts(): Promise<Page<PlatformProduct>> {
    return { items: [], nextCursor: null };
  }

  async getOrder(_shop: ShopRef, platformOrderId: string): Promise<PlatformOrder | null> {
    this.calls.push({ method: "getOrder", at: Date.now() });
    const order = this.orders.get(platformOrderId);
    return order ? structuredClone(order) : null;
  }

  async listOrdersChangedSince(_shop: ShopRef, since: string | null, cursor: string | null): Promise<Page<PlatformOrder>> {
    this.calls.push({ method: "listOrdersChangedSince", at: Date.now() });
    const changed = [...this.orders.values()]
      .filter((order) => since === null || Date.parse(order.updatedAt) > Date.parse(since))
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
    const start = cursor ? Number(cursor) : 0;
    const items = changed.slice(start, start + this.ordersPageSize).map((order) => structuredClone(order));
    const next = start + this.ordersPageSize;
    return { items, nextCursor: next < changed.length ? String(next) : null };
  }

  async pushShipment(
    _shop: ShopRef,
    ref: { platformOrderId: string },
    shipment: PlatformShipment,
    opts: PushOptions,
  ): Promise<PushedRef> {
    this.calls.push({ method: "pushShipment", at: Date.now() });
    if (this.writeDelayMs) await new Promise((resolve) => setTimeout(resolve, this.writeDelayMs));
    const fault = this.takeFault("pushShipment");
    if (fault && fault.kind !== "commit-then-timeout") this.throwFault(fault);
    const order = this.order(ref.platformOrderId);
    for (const line of shipment.lines) {
      const left = this.remaining(order, line.platformLineId);
      if (line.quantity > left) {
        throw new PlatformRejectedError(
          `Line ${line.platformLineId}: ${line.quantity} requested but only ${left} remain to fulfill`,
          "lineItems",
          422,
        );
      }
    }
    const fulfillment: FixturePlatformFulfillment = {
      id: `gid://fixture/Fulfillment/${++this.seq}`,
      platformOrderId: ref.platformOrderId,
      lines: shipment.lines.map((line) => ({ ...line })),
      trackingNumbers: [...shipment.trackingNumbers],
      carrier: shipment.carrier,
      trackingUrl: shipment.trackingUrl,
      status: "SUCCESS",
      notifyCustomer: opts.notifyCustomer,
      events: [],
    };
    this.fulfillments.push(fulfillment);
    if (fault) this.throwFault(fault);
    return { ids: [fulfillment.id] };
  }

  async findPushed(_shop: ShopRef, ref: { platformOrderId: string }, shipment: PlatformShipment): Promise<PushedRef | null> {
    this.calls.push({ method: "findPushed", at: Date.now() });
    const fault = this.takeFault("findPushed");
    if (fault) this.throwFault(fault);
    const key = (lines: { platformLineId: string; quantity: number }[]) =>
      JSON.stringify([...lines].sort((a, b) => a.platformLineId.localeCompare(b.platformLineId)));
    const tracking = JSON.stringify(normalizedTrackingNumbers(shipment.trackingNumbers));
    const match = this.live(ref.platformOrderId).find(
      (f) => JSON.stringify(normalizedTrackingNumbers(f.trackingNumbers)) === tracking && key(f.lines) === key(shipment.lines),
    );
    return match ? { ids: [match.id] } : null;
  }

  private byRef(ref: PushedRef): FixturePlatformFulfillment[] {
    const found = this.fulfillments.filter((f) => ref.ids.includes(f.id));
    if (found.length === 0) throw new PlatformRejectedError(`Fulfillment ${ref.ids.join(", ")} not found`, null, 404);
    return found;
  }

  async updateTracking(
    _shop: ShopRef,
    _order: { platformOrderId: string },
    ref: PushedRef,
    tracking: Pick<PlatformShipment, "trackingNumbers" | "carrier" | "trackingUrl">,
  ): Promise<void> {
    this.calls.push({ method: "updateTracking", at: Date.now() });
    const fault = this.takeFault("updateTracking");
    if (fault && fault.kind !== "commit-then-timeout") this.throwFault(fault);
    for (const f of this.byRef(ref)) {
      f.trackingNumbers = [...tracking.trackingNumbers];
      f.carrier = tracking.carrier;
      f.trackingUrl = tracking.trackingUrl;
    }
    if (fault) this.throwFault(fault);
  }

  async cancelShipment(_shop: ShopRef, _order: { platformOrderId: string }, ref: PushedRef): Promise<void> {
    this.calls.push({ method: "cancelShipment", at: Date.now() });
    const fault = this.takeFault("cancelShipment");
    if (fault && fault.kind !== "commit-then-timeout") this.throwFault(fault);
    // Cancelling a cancelled fulfillment is a no-op, as a retried cancel must be.
    for (const f of this.byRef(ref)) f.status = "CANCELLED";
    if (fault) this.throwFault(fault);
  }

  async recordTrackingEvent(
    _shop: ShopRef,
    _order: { platformOrderId: string },
    ref: PushedRef,
    event: TrackingEvent,
  ): Promise<void> {
    this.calls.push({ method: "recordTrackingEvent", at: Date.now() });
    for (const f of this.byRef(ref)) f.events.push(event);
  }
}

// ————————————————————————————————————————— fulfiller —————————————————————————————————————————

export const fixtureCredentials = z.object({ account: z.string().min(1).describe("Account") });

interface FixtureShipmentVersion {
  seq: number;
  shipment: FulfillerShipment;
}

/** One fulfiller account: the orders it received and the shipments it reports. */
export class FixtureFulfiller {
  readonly received = new Map<string, { clientFulfillmentId: string; part: FulfillmentPart; cancelled: boolean }>();
  readonly submits: string[] = [];
  readonly cancels: string[] = [];
  readonly acknowledged: string[] = [];
  readonly pollCursors: (string | null)[] = [];
  private readonly versions: FixtureShipmentVersion[] = [];
  private readonly submitFaults: ("reject" | "unavailable")[] = [];
  private seq = 0;
  private orderSeq = 1000;
  pageSize = 100;
  failCancel = false;
  /** runs after the fulfiller accepted a part, before the answer reaches Consign */
  afterAccept: ((part: FulfillmentPart) => Promise<void>) | null = null;

  constructor(readonly name: string) {}

  /** The next submit(s) fail: "reject" (the fulfiller says no) or "unavailable" (5xx). */
  failNextSubmit(...faults: ("reject" | "unavailable")[]): void {
    this.submitFaults.push(...faults);
  }

  /** Ships a package; returns the fulfiller's shipment id. Lines by SKU or by our line id. */
  ship(
    fulfillmentId: string,
    shipment: Partial<Omit<FulfillerShipment, "fulfillmentId">> & Pick<FulfillerShipment, "lines">,
  ): string {
    const received = this.received.get(fulfillmentId);
    const id = shipment.fulfillerShipmentId ?? `${this.name}-shp-${++this.seq}`;
    this.versions.push({
      seq: this.versions.length + 1,
      shipment: {
        fulfillerShipmentId: id,
        fulfillmentId,
        clientFulfillmentId: received?.clientFulfillmentId ?? null,
        trackingNumbers: shipment.trackingNumbers ?? [],
        carrier: shipment.carrier ?? "UPS",
        method: shipment.method ?? "Ground",
        trackingUrl: shipment.trackingUrl ?? null,
        lines: shipment.lines,
        cancelled: shipment.cancelled ?? false,
        shippedAt: shipment.shippedAt ?? "2026-11-20T10:00:00Z",
      },
    });
    return id;
  }

  /** The fulfiller voids a shipment: a new version of it, cancelled. */
  void(fulfillerShipmentId: string): void {
    const last = this.latest(fulfillerShipmentId);
    this.versions.push({ seq: this.versions.length + 1, shipment: { ...last, cancelled: true } });
  }

  /** A new version of a shipment with other details (a correction). */
  amend(fulfillerShipmentId: string, change: Partial<FulfillerShipment>): void {
    this.versions.push({ seq: this.versions.length + 1, shipment: { ...this.latest(fulfillerShipmentId), ...change } });
  }

  latest(fulfillerShipmentId: string): FulfillerShipment {
    const found = this.versions.findLast((v) => v.shipment.fulfillerShipmentId === fulfillerShipmentId);
    if (!found) throw new Error(`no shipment ${fulfillerShipmentId}`);
    return structuredClone(found.shipment);
  }

  submit(part: FulfillmentPart): { clientFulfillmentId: string } {
    this.submits.push(part.fulfillmentId);
    const fault = this.submitFaults.shift();
    if (fault === "reject") throw new PluginRejectedError(`${this.name}: address could not be validated`, 400);
    if (fault === "unavailable") throw new PluginUnavailableError(`${this.name}: 503 Service Unavailable`, 503);
    const known = this.received.get(part.fulfillmentId);
    if (known) return { clientFulfillmentId: known.clientFulfillmentId };
    const clientFulfillmentId = `${this.name}-ord-${++this.orderSeq}`;
    this.received.set(part.fulfillmentId, { clientFulfillmentId, part: structuredClone(part), cancelled: false });
    return { clientFulfillmentId };
  }

  cancel(ref: { fulfillmentId: string }): void {
    this.cancels.push(ref.fulfillmentId);
    if (this.failCancel) throw new PluginRejectedError(`${this.name}: the order is already packed`, 409);
    const known = this.received.get(ref.fulfillmentId);
    if (known) known.cancelled = true;
  }

  page(cursor: string | null): ShipmentsPage {
    this.pollCursors.push(cursor);
    const after = cursor ? Number(cursor) : 0;
    const next = this.versions.filter((v) => v.seq > after).slice(0, this.pageSize);
    const last = next.at(-1)?.seq ?? after;
    return {
      shipments: next.map((v) => structuredClone(v.shipment)),
      cursor: String(last),
      hasMore: this.versions.some((v) => v.seq > last),
    };
  }
}

/** The webhook body the fixture fulfiller sends: which shipments changed. Signed by a shared secret. */
const webhookBody = z.object({ shipmentIds: z.array(z.string()).min(1) });

/**
 * A push-type plugin over fixture fulfiller accounts: the connection's credentials name the account,
 * so several connections of this kind can be told apart.
 */
export function fixturePlugin(
  accounts: ReadonlyMap<string, FixtureFulfiller>,
  kind = "fixture",
): FulfillmentPlugin<z.infer<typeof fixtureCredentials>> {
  return {
    kind,
    title: `Fixture fulfiller (${kind})`,
    description: "An in-memory fulfiller for tests.",
    logo: "",
    mode: "push",
    credentials: fixtureCredentials,
    fields: credentialFields(fixtureCredentials),
    connect(credentials, ctx: PluginContext): PluginConnection {
      const account = accounts.get(credentials.account);
      if (!account) throw new Error(`no fixture account ${credentials.account}`);
      return {
        async verify() {},
        async submit(part) {
          const answer = account.submit(part);
          await account.afterAccept?.(part);
          return answer;
        },
        async shipmentsSince(cursor) {
          return account.page(cursor);
        },
        async acknowledge(shipments) {
          account.acknowledged.push(...shipments.map((s) => s.fulfillerShipmentId));
        },
        async cancel(ref) {
          account.cancel(ref);
        },
        async webhook(request) {
          if (request.headers.get("x-fixture-secret") !== ctx.webhookSecret) {
            throw new PluginWebhookRejectedError("bad webhook secret", 401);
          }
          const parsed = webhookBody.safeParse(await request.json());
          if (!parsed.success) throw new PluginWebhookRejectedError("bad webhook body", 400);
          return parsed.data.shipmentIds.map((id) => account.latest(id));
        },
      };
    },
  };
}

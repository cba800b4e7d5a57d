// Steps and views shared by the end-to-end tests: the jobs as the worker runs them (send, sync
// each connection, push), and what the Shopify stand-in and our database hold afterwards.
import { expect } from "vitest";
import type { FulfillmentSnapshot } from "../../../sandbox/shopify";
import { pushShipments } from "~/use-cases/pushShipments";
import { sendHolds } from "~/use-cases/sendHolds";
import { syncShipments } from "~/use-cases/syncShipments";
import type { FulfillerKind, PlacedOrder, World } from "../../support/world";

/** The hold task for the shop; every connection's run must finish. */
export async function sendAll(world: World) {
  const result = await sendHolds(world.ctx, { shopId: world.shop.id });
  for (const run of result.runs) expect(run.outcome.status).toBe("done");
  return result.counts;
}

/** The sync task of one connection, as the worker runs it. */
export async function syncOne(world: World, kind: FulfillerKind) {
  const outcome = await syncShipments(world.ctx, { shopId: world.shop.id, connectionId: world.connections[kind]! });
  if (outcome.status !== "done") throw new Error(`sync ${kind}: ${outcome.status === "failed" ? outcome.error : outcome.reason}`);
  return outcome.result.tally;
}

/** Sync of every connection, then the push (workers/cycle.ts syncAndPush). */
export async function syncAndPush(world: World) {
  const shipstation = await syncOne(world, "shipstation");
  const shipbob = await syncOne(world, "shipbob");
  const pushed = await push(world);
  await world.settle();
  return { shipstation, shipbob, pushed };
}

export async function push(world: World) {
  const outcome = await pushShipments(world.ctx, { shopId: world.shop.id });
  if (outcome.status !== "done") throw new Error(`push: ${outcome.status === "failed" ? outcome.error : outcome.reason}`);
  return outcome.result;
}

/** Our part of an order at one fulfiller. */
export async function partOf(world: World, order: PlacedOrder, kind: FulfillerKind) {
  return world.ctx.db.fulfillment.findFirstOrThrow({
    where: { shopId: world.shop.id, orderId: order.orderId, connectionId: world.connections[kind]! },
    include: { lines: true },
  });
}

export interface FulfillmentView {
  status: string;
  lines: { sku: string; quantity: number }[];
  tracking: { company: string | null; number: string | null; url: string | null }[];
}

/** The order's fulfillments at the Shopify stand-in, by SKU, oldest first. */
export function shopifyFulfillments(world: World, order: PlacedOrder): FulfillmentView[] {
  const skuOf = new Map(order.snapshot.lineItems.map((line) => [line.id, line.sku ?? line.id]));
  return world.shopify.store.listFulfillments(order.snapshot.id).map((f: FulfillmentSnapshot) => ({
    status: f.status,
    lines: f.lines
      .map((line) => ({ sku: skuOf.get(line.lineItemId) ?? line.lineItemId, quantity: line.quantity }))
      .sort((a, b) => a.sku.localeCompare(b.sku)),
    tracking: f.trackingInfo.map((t) => ({ company: t.company, number: t.number, url: t.url })),
  }));
}

/** Requests each stand-in has received so far; `since` gives the ones after an earlier mark. */
export function requestMark(world: World) {
  return { shipstation: world.shipstation.requests.length, shipbob: world.shipbob.requests.length, shopify: world.shopify.requests.length };
}

export function requestsSince(world: World, mark: ReturnType<typeof requestMark>) {
  return {
    shipstation: world.shipstation.requests.slice(mark.shipstation).map((r) => `${r.method} ${r.path}${r.query}`),
    shipbob: world.shipbob.requests.slice(mark.shipbob).map((r) => `${r.method} ${r.path}?${new URLSearchParams(flatQuery(r.query))}`),
    shopify: world.shopify.requests.slice(mark.shopify).map((r) => r.operationName ?? "(anonymous)"),
  };
}

function flatQuery(query: Record<string, string | string[]>): [string, string][] {
  return Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]]));
}

/** Status changes of a part, in order, as its timeline records them. */
export async function statusTrail(world: World, fulfillmentId: string): Promise<string[]> {
  const events = await world.ctx.db.timelineEvent.findMany({
    where: { shopId: world.shop.id, fulfillmentId, kind: "STATUS" },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return events.map((e) => `${e.from ?? "-"}>${e.to}`);
}

// The one path every shipment takes, whoever reports it (a fulfiller's poll or webhook, the manual
// form, a tracking CSV): judged by the domain's coverage rules against the order's recorded
// shipments, then stored with its push intent in one transaction (DESIGN.md §Coverage rules,
// §Exactly once).
//
// - accepted  → Shipment + lines + CREATE intent; the part moves to PENDING_SHIPMENT at its first
//               tracking number and to SHIPPED once fully covered when the shop has carrier
//               tracking off (with it on, the tracking job takes that step).
// - duplicate → nothing changes (webhook and poll, replays).
// - changed   → same fulfiller shipment, new tracking: the row is updated and the platform's
//               fulfillment updated; new items: the old one is cancelled and a new one created.
// - cancelled → (voided by the fulfiller) the row is CANCELLED, the platform's fulfillment
//               cancelled, and coverage re-opens: the order goes back to PARTIALLY_SHIPPED or
//               UNSHIPPED. The part keeps its status (the table has no way back from SHIPPED);
//               a re-shipment covers it again.
// - rejected  → kept as REJECTED with every violated rule's message, never pushed.
import type { Prisma } from "@prisma/client";
import {
  type CoverageViolation,
  coverageByLine,
  evaluateShipment,
  isFullyCovered,
  mergeItems,
  normalizedTrackingNumbers,
  normalizeTrackingNumber,
  orderShipmentState,
  type RecordedShipment,
  type ShipmentVerdict,
  shipmentFingerprint,
} from "~/fulfillment/coverage";
import { partSteps } from "~/fulfillment/statuses";
import type { DomainLine, DomainShipment, FulfillmentStatus, ShipmentItem } from "~/fulfillment/types";
import type { FulfillerShipment } from "~/plugins/port";
import type { AppContext } from "../context";
import { type CreatePayload, type IntentTarget, recordCancel, recordCreate, recordTrackingChange } from "./pushIntents";
import { addTimeline, type Tx } from "./timeline";
import { transitionFulfillment } from "./transition";

export interface StoreShipmentInput {
  shopId: string;
  /** the connection that reports the shipment */
  connection: { id: string; kind: string };
  /** our fulfillment, when the caller knows it (the manual form, a CSV); else found from the shipment */
  fulfillmentId?: string | null;
  shipment: FulfillerShipment;
  /** for the timeline: fulfiller:<kind>, user:<id>, ... */
  actor: string;
  /**
   * "record" (fulfillers): a shipment that breaks a rule is kept as REJECTED with its reasons.
   * "refuse" (a person's form): nothing is stored and the verdict is returned.
   */
  onReject?: "record" | "refuse";
}

interface Located {
  shipmentId: string;
  fulfillmentId: string;
  orderId: string;
}

export type StoreShipmentResult =
  | ({ kind: "accepted" } & Located)
  | ({ kind: "duplicate" } & Located)
  | ({ kind: "changed"; change: "tracking" | "items" } & Located)
  | ({ kind: "cancelled" } & Located)
  | {
      kind: "rejected";
      /** null when refused without storing */
      shipmentId: string | null;
      fulfillmentId: string;
      orderId: string;
      reasons: string[];
      violations: CoverageViolation[];
    }
  /** no fulfillment of this connection matches, or a void of a shipment we never stored */
  | { kind: "ignored"; reason: string };

/** Stores one shipment in its own transaction. */
export async function storeShipment(ctx: AppContext, input: StoreShipmentInput): Promise<StoreShipmentResult> {
  try {
    return await ctx.db.$transaction((tx) => storeShipmentInTx(ctx, tx, input));
  } catch (error) {
    if (error instanceof ShipmentRefused) return error.result;
    throw error;
  }
}

/** Thrown inside the transaction to undo everything when onReject is "refuse". */
export class ShipmentRefused extends Error {
  override name = "ShipmentRefused";
  constructor(readonly result: Extract<StoreShipmentResult, { kind: "rejected" }>) {
    super(result.reasons.join(" "));
  }
}

export const shipmentInclude = { lines: { select: { orderLineId: true, quantity: true } } } satisfies Prisma.ShipmentInclude;
export type ShipmentRow = Prisma.ShipmentGetPayload<{ include: typeof shipmentInclude }>;

interface Scene {
  ctx: AppContext;
  tx: Tx;
  input: StoreShipmentInput;
  now: Date;
  fulfillment: { id: string; orderId: string; status: string; connectionId: string };
  target: IntentTarget;
  carrierTracking: boolean;
  orderLines: { id: string; quantity: number; cancelledQuantity: number; sku: string | null }[];
  partLineIds: Set<string>;
  shipments: ShipmentRow[];
}

/**
 * The same inside a caller's transaction (a CSV import stores all its rows in one). Throws
 * ShipmentRefused when onReject is "refuse" and the shipment breaks a rule.
 */
export async function storeShipmentInTx(ctx: AppContext, tx: Tx, input: StoreShipmentInput): Promise<StoreShipmentResult> {
  const fulfillment = await findFulfillment(tx, input);
  if (!fulfillment) {
    return { kind: "ignored", reason: `No fulfillment of connection ${input.connection.id} matches this shipment.` };
  }
  const now = ctx.now();
  // Write first: the transaction holds the order before it reads its coverage, so two reports of
  // one order (webhook and poll at once, several workers) are judged one after the other.
  await tx.order.updateMany({ where: { id: fulfillment.orderId, shopId: input.shopId }, data: { updatedAt: now } });
  const [shop, orderLines, partLines, shipments] = await Promise.all([
    tx.shop.findUniqueOrThrow({ where: { id: input.shopId }, select: { platform: true, carrierTracking: true } }),
    tx.orderLine.findMany({
      where: { orderId: fulfillment.orderId, shopId: input.shopId },
      select: { id: true, quantity: true, cancelledQuantity: true, sku: true },
      orderBy: { id: "asc" },
    }),
    tx.fulfillmentLine.findMany({
      where: { fulfillmentId: fulfillment.id, shopId: input.shopId },
      select: { orderLineId: true },
    }),
    loadShipments(tx, input.shopId, fulfillment.orderId),
  ]);
  const scene: Scene = {
    ctx,
    tx,
    input,
    now,
    fulfillment,
    target: { shopId: input.shopId, target: shop.platform, at: now },
    carrierTracking: shop.carrierTracking,
    orderLines,
    partLineIds: new Set(partLines.map((line) => line.orderLineId)),
    shipments,
  };
  const located = { fulfillmentId: fulfillment.id, orderId: fulfillment.orderId };

  const { resolved, candidate, trackingKey } = candidateOf(scene);

  if (input.shipment.cancelled) return cancelReported(scene, candidate, trackingKey);

  const sameRejected = scene.shipments.find(
    (row) => row.state === "REJECTED" && sameSource(row, candidate, fulfillment.id) && row.trackingKey === trackingKey,
  );
  if (sameRejected) return { kind: "duplicate", shipmentId: sameRejected.id, ...located };

  const verdict = judge(scene, candidate, resolved.problems);
  switch (verdict.kind) {
    case "duplicate": {
      const row = scene.shipments.find((s) => s.id === verdict.of)!;
      if (row.state === "ACCEPTED" && detailsDiffer(row, input.shipment)) {
        await changeTracking(scene, row, candidate, trackingKey);
        return { kind: "changed", change: "tracking", shipmentId: row.id, ...located };
      }
      return { kind: "duplicate", shipmentId: row.id, ...located };
    }
    case "changed": {
      const row = scene.shipments.find((s) => s.id === verdict.of)!;
      if (sameItems(row, candidate)) {
        await changeTracking(scene, row, candidate, trackingKey);
        return { kind: "changed", change: "tracking", shipmentId: row.id, ...located };
      }
      await cancelRow(scene, row, "The fulfiller changed the items of this shipment.");
      const replacement = await insertAccepted(scene, candidate, trackingKey, row.id);
      await afterCoverageChange(scene, true);
      return { kind: "changed", change: "items", shipmentId: replacement, ...located };
    }
    case "accepted": {
      const shipmentId = await insertAccepted(scene, candidate, trackingKey, null);
      await afterCoverageChange(scene, true);
      return { kind: "accepted", shipmentId, ...located };
    }
    case "rejected":
      return recordRejected(scene, candidate, trackingKey, verdict.violations);
  }
}

async function findFulfillment(tx: Tx, input: StoreShipmentInput) {
  const select = { id: true, orderId: true, status: true, connectionId: true } as const;
  if (input.fulfillmentId) {
    return tx.fulfillment.findFirst({ where: { id: input.fulfillmentId, shopId: input.shopId }, select });
  }
  const scope = { shopId: input.shopId, connectionId: input.connection.id };
  const { fulfillmentId, clientFulfillmentId } = input.shipment;
  if (fulfillmentId) {
    const found = await tx.fulfillment.findFirst({ where: { ...scope, id: fulfillmentId }, select });
    if (found) return found;
  }
  if (clientFulfillmentId) {
    return tx.fulfillment.findFirst({ where: { ...scope, clientFulfillmentId }, select });
  }
  return null;
}

/** What the domain judges: the part's lines, the order's recorded shipments, the report. */
export type JudgeScene = Pick<Scene, "orderLines" | "partLineIds" | "shipments"> & {
  input: Pick<StoreShipmentInput, "shipment" | "shopId" | "connection">;
};

/** The report as the domain sees it: items resolved to our lines, cleaned numbers, its fingerprint. */
export function candidateOf(scene: JudgeScene) {
  const resolved = resolveItems(scene);
  const candidate: DomainShipment = {
    fulfillerShipmentId: scene.input.shipment.fulfillerShipmentId.trim() || null,
    connectionId: scene.input.connection.id,
    trackingNumbers: cleanTrackingNumbers(scene.input.shipment.trackingNumbers),
    items: resolved.items,
  };
  const trackingKey = shipmentFingerprint({ ...candidate, items: [...resolved.items, ...resolved.unresolvedKeys] });
  return { resolved, candidate, trackingKey };
}

function loadShipments(tx: Tx, shopId: string, orderId: string): Promise<ShipmentRow[]> {
  return tx.shipment.findMany({
    where: { orderId, shopId },
    include: shipmentInclude,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

async function reloadShipments(scene: Scene): Promise<void> {
  scene.shipments = await loadShipments(scene.tx, scene.input.shopId, scene.fulfillment.orderId);
}

function cleanTrackingNumbers(numbers: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of numbers) {
    const number = raw.trim();
    const key = normalizeTrackingNumber(number);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    kept.push(number);
  }
  return kept;
}

function normalizeSku(sku: string | null | undefined): string | null {
  const value = sku?.trim().toUpperCase();
  return value ? value : null;
}

/**
 * Items by our line id, or by SKU among this part's lines. A SKU on several lines of the part is
 * spread over them in line order, each up to what is still due on it.
 */
function resolveItems(scene: JudgeScene): {
  items: ShipmentItem[];
  problems: CoverageViolation[];
  unresolvedKeys: ShipmentItem[];
} {
  const partLines = scene.orderLines.filter((line) => scene.partLineIds.has(line.id));
  const remaining = new Map(
    coverageByLine(domainLines(partLines), recordedOf(scene.shipments)).map((c) => [c.lineId, c.remaining]),
  );
  const items: ShipmentItem[] = [];
  const problems: CoverageViolation[] = [];
  const unresolvedKeys: ShipmentItem[] = [];
  for (const item of scene.input.shipment.lines) {
    const lineId = item.lineId?.trim();
    if (lineId) {
      if (scene.partLineIds.has(lineId)) items.push({ lineId, quantity: item.quantity });
      else {
        problems.push({ code: "UNKNOWN_LINE", lineId, message: `Line ${lineId} is not part of this fulfillment.` });
        unresolvedKeys.push({ lineId: `line:${lineId}`, quantity: item.quantity });
      }
      continue;
    }
    const sku = normalizeSku(item.sku);
    const matches = sku ? partLines.filter((line) => normalizeSku(line.sku) === sku) : [];
    if (matches.length === 0) {
      problems.push({
        code: "UNKNOWN_LINE",
        message: sku ? `SKU ${item.sku?.trim()} is not part of this fulfillment.` : "An item has neither a line nor a SKU.",
      });
      unresolvedKeys.push({ lineId: `sku:${sku ?? ""}`, quantity: item.quantity });
      continue;
    }
    let left = item.quantity;
    for (const [index, line] of matches.entries()) {
      const last = index === matches.length - 1;
      const take = last ? left : Math.min(left, remaining.get(line.id) ?? 0);
      if (take <= 0) continue;
      items.push({ lineId: line.id, quantity: take });
      remaining.set(line.id, (remaining.get(line.id) ?? 0) - take);
      left -= take;
      if (left <= 0) break;
    }
  }
  return { items, problems, unresolvedKeys };
}

export function domainLines(lines: Scene["orderLines"]): DomainLine[] {
  return lines.map((line) => ({ lineId: line.id, quantity: line.quantity, cancelledQuantity: line.cancelledQuantity }));
}

export function trackingOf(row: { trackingNumbers: string }): string[] {
  const parsed: unknown = JSON.parse(row.trackingNumbers);
  return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === "string") : [];
}

/** Stored shipments as the domain sees them: accepted ones count, cancelled ones are remembered. */
export function recordedOf(rows: readonly ShipmentRow[]): RecordedShipment[] {
  return rows
    .filter((row) => row.state === "ACCEPTED" || row.state === "CANCELLED")
    .map((row) => ({
      id: row.id,
      connectionId: row.connectionId,
      fulfillerShipmentId: row.fulfillerShipmentId,
      trackingNumbers: trackingOf(row),
      items: row.lines.map((line) => ({ lineId: line.orderLineId, quantity: line.quantity })),
      cancelled: row.state === "CANCELLED",
    }));
}

export function judge(scene: JudgeScene, candidate: DomainShipment, problems: CoverageViolation[]): ShipmentVerdict {
  const partLines = domainLines(scene.orderLines.filter((line) => scene.partLineIds.has(line.id)));
  const verdict = evaluateShipment(partLines, recordedOf(scene.shipments), candidate);
  if (problems.length === 0) return verdict;
  const more = verdict.kind === "rejected" ? verdict.violations.filter((v) => v.code !== "EMPTY") : [];
  return { kind: "rejected", violations: [...problems, ...more] };
}

export function sameSource(row: ShipmentRow, candidate: DomainShipment, fulfillmentId: string): boolean {
  if (row.connectionId !== candidate.connectionId) return false;
  if (candidate.fulfillerShipmentId) return row.fulfillerShipmentId === candidate.fulfillerShipmentId;
  return row.fulfillerShipmentId === null && row.fulfillmentId === fulfillmentId;
}

function sameItems(row: ShipmentRow, candidate: DomainShipment): boolean {
  const stored = mergeItems(row.lines.map((line) => ({ lineId: line.orderLineId, quantity: line.quantity })));
  return JSON.stringify(stored) === JSON.stringify(mergeItems(candidate.items));
}

/** Same package and numbers, but the fulfiller now gives a carrier, URL or method we do not hold. */
function detailsDiffer(row: ShipmentRow, shipment: FulfillerShipment): boolean {
  const differs = (stored: string | null, reported: string | null) =>
    reported !== null && reported.trim() !== "" && reported.trim() !== (stored ?? "");
  return (
    differs(row.carrier, shipment.carrier) ||
    differs(row.trackingUrl, shipment.trackingUrl) ||
    differs(row.method, shipment.method)
  );
}

export function createPayload(candidate: DomainShipment, shipment: FulfillerShipment): CreatePayload {
  return {
    trackingNumbers: candidate.trackingNumbers,
    carrier: shipment.carrier?.trim() || null,
    trackingUrl: shipment.trackingUrl?.trim() || null,
    method: shipment.method?.trim() || null,
    lines: mergeItems(candidate.items).map((item) => ({ orderLineId: item.lineId, quantity: item.quantity })),
  };
}

function shipmentData(scene: Scene, candidate: DomainShipment, trackingKey: string) {
  const { shipment } = scene.input;
  return {
    trackingNumbers: JSON.stringify(candidate.trackingNumbers),
    trackingKey,
    carrier: shipment.carrier?.trim() || null,
    method: shipment.method?.trim() || null,
    trackingUrl: shipment.trackingUrl?.trim() || null,
  };
}

/** Line rows a shipment may hold: lines of this order, whole positive quantities, one row per line. */
export function storableLines(scene: JudgeScene, items: readonly ShipmentItem[]) {
  const known = new Set(scene.orderLines.map((line) => line.id));
  return mergeItems(items.filter((item) => known.has(item.lineId) && Number.isInteger(item.quantity) && item.quantity > 0)).map(
    (item) => ({ shopId: scene.input.shopId, orderLineId: item.lineId, quantity: item.quantity }),
  );
}

/**
 * Writes the shipment row with its lines: over the earlier REJECTED report of the same fulfiller
 * shipment when there is one (a corrected report replaces it), else as a new row.
 */
async function writeRow(
  scene: Scene,
  candidate: DomainShipment,
  trackingKey: string,
  outcome: { state: "ACCEPTED" | "REJECTED"; rejectReason: string | null; supersedesId: string | null },
): Promise<string> {
  const { tx, input, fulfillment } = scene;
  const data = {
    ...shipmentData(scene, candidate, trackingKey),
    state: outcome.state,
    rejectReason: outcome.rejectReason,
    shippedAt: input.shipment.shippedAt ? new Date(input.shipment.shippedAt) : scene.now,
  };
  const lines = { create: storableLines(scene, candidate.items) };
  const earlier = candidate.fulfillerShipmentId
    ? scene.shipments.find((row) => row.state === "REJECTED" && sameSource(row, candidate, fulfillment.id))
    : undefined;
  if (earlier) {
    await tx.shipmentLine.deleteMany({ where: { shipmentId: earlier.id, shopId: input.shopId } });
    await tx.shipment.update({ where: { id: earlier.id }, data: { ...data, lines } });
    return earlier.id;
  }
  const row = await tx.shipment.create({
    data: {
      ...data,
      shopId: input.shopId,
      orderId: fulfillment.orderId,
      fulfillmentId: fulfillment.id,
      connectionId: input.connection.id,
      fulfillerShipmentId: candidate.fulfillerShipmentId ?? null,
      supersedesId: outcome.supersedesId,
      lines,
    },
    select: { id: true },
  });
  return row.id;
}

async function insertAccepted(
  scene: Scene,
  candidate: DomainShipment,
  trackingKey: string,
  supersedesId: string | null,
): Promise<string> {
  const { tx, input, fulfillment, now } = scene;
  // A re-shipment of a shipment the fulfiller voided replaces it.
  const voided =
    supersedesId ??
    (candidate.fulfillerShipmentId
      ? (scene.shipments.findLast((row) => row.state === "CANCELLED" && sameSource(row, candidate, fulfillment.id))?.id ??
        null)
      : null);
  // A REJECTED report of the same fulfiller shipment, now corrected, becomes this shipment.
  const shipmentId = await writeRow(scene, candidate, trackingKey, { state: "ACCEPTED", rejectReason: null, supersedesId: voided });
  await recordCreate(tx, scene.target, shipmentId, createPayload(candidate, input.shipment));
  await reloadShipments(scene);
  await addTimeline(tx, {
    shopId: input.shopId,
    orderId: fulfillment.orderId,
    fulfillmentId: fulfillment.id,
    kind: "SHIPMENT_ACCEPTED",
    reason: describe(candidate),
    actor: input.actor,
    at: now,
  });
  return shipmentId;
}

export function describe(candidate: DomainShipment): string {
  const units = candidate.items.reduce((sum, item) => sum + item.quantity, 0);
  const numbers = normalizedTrackingNumbers(candidate.trackingNumbers);
  return `${units} unit(s)${numbers.length ? `, tracking ${candidate.trackingNumbers.join(", ")}` : ", no tracking number"}`;
}

async function changeTracking(scene: Scene, row: ShipmentRow, candidate: DomainShipment, trackingKey: string) {
  const { tx, input } = scene;
  const data = shipmentData(scene, candidate, trackingKey);
  await tx.shipment.update({ where: { id: row.id }, data });
  Object.assign(row, data);
  await recordTrackingChange(tx, scene.target, row.id, createPayload(candidate, input.shipment));
  await addTimeline(tx, {
    shopId: input.shopId,
    orderId: scene.fulfillment.orderId,
    fulfillmentId: row.fulfillmentId,
    kind: "SHIPMENT_CHANGED",
    reason: `New tracking details: ${describe(candidate)}`,
    actor: input.actor,
    at: scene.now,
  });
  await advancePart(scene);
}

async function cancelRow(scene: Scene, row: ShipmentRow, reason: string): Promise<void> {
  const { tx, input } = scene;
  await tx.shipment.update({ where: { id: row.id }, data: { state: "CANCELLED" } });
  const wasAccepted = row.state === "ACCEPTED";
  row.state = "CANCELLED";
  if (wasAccepted) await recordCancel(tx, scene.target, row.id);
  await addTimeline(tx, {
    shopId: input.shopId,
    orderId: scene.fulfillment.orderId,
    fulfillmentId: row.fulfillmentId,
    kind: "SHIPMENT_CANCELLED",
    reason,
    actor: input.actor,
    at: scene.now,
  });
}

async function cancelReported(scene: Scene, candidate: DomainShipment, trackingKey: string): Promise<StoreShipmentResult> {
  const located = { fulfillmentId: scene.fulfillment.id, orderId: scene.fulfillment.orderId };
  const rows = scene.shipments.filter((row) => sameSource(row, candidate, scene.fulfillment.id));
  const row = candidate.fulfillerShipmentId
    ? (rows.findLast((r) => r.state !== "CANCELLED") ?? rows.at(-1))
    : rows.findLast((r) => r.trackingKey === trackingKey);
  if (!row) return { kind: "ignored", reason: "The fulfiller voided a shipment Consign never stored." };
  if (row.state === "CANCELLED") return { kind: "duplicate", shipmentId: row.id, ...located };
  const wasAccepted = row.state === "ACCEPTED";
  await cancelRow(scene, row, "The fulfiller cancelled or voided this shipment.");
  if (wasAccepted) await afterCoverageChange(scene, false);
  return { kind: "cancelled", shipmentId: row.id, ...located };
}

async function recordRejected(
  scene: Scene,
  candidate: DomainShipment,
  trackingKey: string,
  violations: CoverageViolation[],
): Promise<StoreShipmentResult> {
  const { tx, input, fulfillment, now } = scene;
  const reasons = violations.map((v) => v.message);
  const located = { fulfillmentId: fulfillment.id, orderId: fulfillment.orderId };
  if (input.onReject === "refuse") {
    throw new ShipmentRefused({ kind: "rejected", shipmentId: null, reasons, violations, ...located });
  }
  const rejectReason = reasons.join(" ");
  // A rejected report corrected but still wrong replaces its earlier version.
  const shipmentId = await writeRow(scene, candidate, trackingKey, { state: "REJECTED", rejectReason, supersedesId: null });
  await addTimeline(tx, {
    shopId: input.shopId,
    orderId: fulfillment.orderId,
    fulfillmentId: fulfillment.id,
    kind: "SHIPMENT_REJECTED",
    reason: rejectReason,
    actor: input.actor,
    at: now,
  });
  return { kind: "rejected", shipmentId, reasons, violations, ...located };
}

/** The order's shipment state follows its coverage; the part advances when shipments arrived. */
async function afterCoverageChange(scene: Scene, arrived: boolean): Promise<void> {
  const state = orderShipmentState(domainLines(scene.orderLines), recordedOf(scene.shipments));
  await scene.tx.order.updateMany({
    where: { id: scene.fulfillment.orderId, shopId: scene.input.shopId, NOT: { shipmentState: state } },
    data: { shipmentState: state },
  });
  if (arrived) await advancePart(scene);
}

/** The part's moves (partSteps) after shipments arrived, through the domain's table. */
async function advancePart(scene: Scene): Promise<void> {
  const { fulfillment } = scene;
  const fullyCovered = isFullyCovered(
    domainLines(scene.orderLines.filter((line) => scene.partLineIds.has(line.id))),
    recordedOf(scene.shipments),
  );
  const ownShipments = scene.shipments.filter((row) => row.fulfillmentId === fulfillment.id && row.state === "ACCEPTED");
  const hasTracking = ownShipments.some((row) => trackingOf(row).length > 0);

  for (const step of partSteps(fulfillment.status as FulfillmentStatus, { hasTracking, fullyCovered, carrierTracking: scene.carrierTracking })) {
    await transitionFulfillment(scene.tx, {
      shopId: scene.input.shopId,
      fulfillmentId: fulfillment.id,
      to: step.to,
      actor: scene.input.actor,
      reason: step.reason,
      at: scene.now,
      data: step.to === "SHIPPED" ? { shippedAt: scene.now } : undefined,
    });
    fulfillment.status = step.to;
  }
}

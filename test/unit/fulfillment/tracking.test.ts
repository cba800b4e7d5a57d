// The tracking rules of the domain: forward-only parcel status, flags beside it, expiry, and the
// fulfillment steps a fully covered fulfillment takes.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  isParcelStatus,
  NEW_PARCEL,
  type ParcelCheckpoint,
  type ParcelState,
  type ParcelStatus,
  packageProgress,
  PARCEL_STATUSES,
  progressRank,
  takeReport,
  trackingSteps,
} from "~/fulfillment/tracking";

const NOW = new Date("2026-11-25T00:00:00.000Z");
const cp = (status: ParcelStatus, at: string, message: string | null = null): ParcelCheckpoint => ({
  status,
  at,
  message,
  city: null,
  country: null,
});
const report = (status: ParcelStatus, checkpoints: ParcelCheckpoint[], deliveredAt: string | null = null) => ({
  status,
  checkpoints,
  deliveredAt,
});

describe("takeReport", () => {
  test("a first report takes every checkpoint in time order, mirroring each step", () => {
    const r = report("IN_TRANSIT", [cp("IN_TRANSIT", "2026-11-21T22:00:00Z"), cp("LABEL_CREATED", "2026-11-21T13:00:00Z")]);
    const u = takeReport(NEW_PARCEL, r, NOW);
    expect(u.next.status).toBe("IN_TRANSIT");
    expect(u.fresh.map((c) => c.status)).toEqual(["LABEL_CREATED", "IN_TRANSIT"]);
    expect(u.next.lastEventAt).toEqual(new Date("2026-11-21T22:00:00Z"));
    expect(u.changed).toBe(true);
  });

  test("the same report again changes nothing and mirrors nothing", () => {
    const r = report("IN_TRANSIT", [cp("LABEL_CREATED", "2026-11-21T13:00:00Z"), cp("IN_TRANSIT", "2026-11-21T22:00:00Z")]);
    const first = takeReport(NEW_PARCEL, r, NOW);
    const again = takeReport(first.next, r, NOW);
    expect(again).toMatchObject({ fresh: [], changed: false, raised: null });
    expect(again.next).toEqual(first.next);
  });

  test("a later scan of an earlier step is kept as seen but neither moves nor mirrors", () => {
    const state: ParcelState = { ...NEW_PARCEL, status: "OUT_FOR_DELIVERY", lastEventAt: new Date("2026-11-23T07:00:00Z") };
    const u = takeReport(state, report("IN_TRANSIT", [cp("IN_TRANSIT", "2026-11-23T09:00:00Z")]), NOW);
    expect(u.next.status).toBe("OUT_FOR_DELIVERY");
    expect(u.fresh).toEqual([]);
    expect(u.next.lastEventAt).toEqual(new Date("2026-11-23T09:00:00Z"));
  });

  test("delivered is final: nothing after it changes anything", () => {
    const delivered: ParcelState = { ...NEW_PARCEL, status: "DELIVERED", deliveredAt: new Date("2026-11-23T15:00:00Z"), lastEventAt: new Date("2026-11-23T15:00:00Z") };
    const u = takeReport(delivered, report("IN_TRANSIT", [cp("IN_TRANSIT", "2026-11-24T09:00:00Z")]), NOW);
    expect(u).toEqual({ next: delivered, fresh: [], raised: null, changed: false });
  });

  test("delivery is dated by its checkpoint, or by the report, or by now", () => {
    const byCheckpoint = takeReport(NEW_PARCEL, report("DELIVERED", [cp("DELIVERED", "2026-11-23T15:32:00Z")]), NOW);
    expect(byCheckpoint.next.deliveredAt).toEqual(new Date("2026-11-23T15:32:00Z"));
    const byReport = takeReport(NEW_PARCEL, report("DELIVERED", [], "2026-11-23T16:00:00Z"), NOW);
    expect(byReport.next).toMatchObject({ status: "DELIVERED", deliveredAt: new Date("2026-11-23T16:00:00Z") });
    expect(byReport.fresh).toEqual([]);
    expect(takeReport(NEW_PARCEL, report("DELIVERED", []), NOW).next.deliveredAt).toEqual(NOW);
  });

  test("an exception is a flag beside the status, cleared when the parcel moves on after it", () => {
    const moving: ParcelState = { ...NEW_PARCEL, status: "IN_TRANSIT", lastEventAt: new Date("2026-11-22T00:00:00Z") };
    const flagged = takeReport(moving, report("EXCEPTION", [cp("EXCEPTION", "2026-11-22T10:00:00Z", "Weather delay")]), NOW);
    expect(flagged.next).toMatchObject({ status: "IN_TRANSIT", flag: "EXCEPTION", flagMessage: "Weather delay" });
    expect(flagged.raised).toEqual({ flag: "EXCEPTION", message: "Weather delay" });
    expect(flagged.fresh.map((c) => c.status)).toEqual(["EXCEPTION"]);
    const cleared = takeReport(flagged.next, report("OUT_FOR_DELIVERY", [cp("OUT_FOR_DELIVERY", "2026-11-23T07:00:00Z")]), NOW);
    expect(cleared.next).toMatchObject({ status: "OUT_FOR_DELIVERY", flag: null, flagMessage: null, flaggedAt: null });
  });

  test("a flag stated without a checkpoint is dated now; with the flag already up it is not raised twice", () => {
    const u = takeReport({ ...NEW_PARCEL, status: "IN_TRANSIT" }, report("RETURNED_TO_SENDER", []), NOW);
    expect(u.next).toMatchObject({ flag: "RETURNED_TO_SENDER", flaggedAt: NOW });
    expect(u.raised?.flag).toBe("RETURNED_TO_SENDER");
    expect(takeReport(u.next, report("RETURNED_TO_SENDER", []), NOW).raised).toBeNull();
  });

  test("EXPIRED ends tracking without moving the status; UNKNOWN says nothing", () => {
    const state: ParcelState = { ...NEW_PARCEL, status: "LABEL_CREATED" };
    const u = takeReport(state, report("EXPIRED", [cp("UNKNOWN", "2026-11-24T00:00:00Z")]), NOW);
    expect(u.next).toMatchObject({ status: "LABEL_CREATED", expired: true });
    expect(u.fresh).toEqual([]);
    expect(u.changed).toBe(true);
  });

  test("a report's status ahead of its checkpoints moves the parcel; behind them it does not", () => {
    expect(takeReport(NEW_PARCEL, report("OUT_FOR_DELIVERY", []), NOW).next.status).toBe("OUT_FOR_DELIVERY");
    const ahead: ParcelState = { ...NEW_PARCEL, status: "OUT_FOR_DELIVERY" };
    expect(takeReport(ahead, report("LABEL_CREATED", []), NOW).changed).toBe(false);
  });

  test("checkpoints with unreadable times are left out", () => {
    const u = takeReport(NEW_PARCEL, report("UNKNOWN", [cp("IN_TRANSIT", "not a date")]), NOW);
    expect(u.fresh).toEqual([]);
    expect(u.changed).toBe(false);
  });

  test("property: whatever reports arrive in whatever order, the status never goes back", () => {
    const progress = PARCEL_STATUSES.filter((s) => progressRank(s) !== null);
    const anyStatus = fc.constantFrom(...PARCEL_STATUSES);
    const checkpoint = fc.record({
      status: anyStatus,
      at: fc.integer({ min: 0, max: 1_000 }).map((h) => new Date(Date.UTC(2026, 10, 1) + h * 3_600_000).toISOString()),
      message: fc.constant(null),
      city: fc.constant(null),
      country: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.array(fc.record({ status: anyStatus, checkpoints: fc.array(checkpoint, { maxLength: 5 }) }), { maxLength: 8 }), (reports) => {
        let state = NEW_PARCEL;
        for (const r of reports) {
          const next = takeReport(state, { ...r, deliveredAt: null }, NOW).next;
          expect(progressRank(next.status)).not.toBeNull();
          expect(progressRank(next.status)!).toBeGreaterThanOrEqual(progressRank(state.status)!);
          if (state.status === "DELIVERED") expect(next).toEqual(state);
          expect(isParcelStatus(next.status) && progress.includes(next.status)).toBe(true);
          state = next;
        }
      }),
    );
  });
});

describe("packageProgress", () => {
  test("a package is as far as its least advanced number, delivered when all are", () => {
    const a = { status: "DELIVERED" as const, deliveredAt: new Date("2026-11-23T10:00:00Z") };
    const b = { status: "IN_TRANSIT" as const, deliveredAt: null };
    expect(packageProgress([a, b])).toEqual({ tracked: true, status: "IN_TRANSIT", deliveredAt: null });
    const c = { status: "DELIVERED" as const, deliveredAt: new Date("2026-11-24T10:00:00Z") };
    expect(packageProgress([a, c])).toEqual({ tracked: true, status: "DELIVERED", deliveredAt: c.deliveredAt });
    expect(packageProgress([])).toEqual({ tracked: false, status: "UNKNOWN", deliveredAt: null });
  });
});

describe("trackingSteps", () => {
  const moving = { tracked: true, status: "IN_TRANSIT" as const, deliveredAt: null };
  const label = { tracked: true, status: "LABEL_CREATED" as const, deliveredAt: null };
  const delivered = (iso: string) => ({ tracked: true, status: "DELIVERED" as const, deliveredAt: new Date(iso) });
  const base = { status: "PENDING_SHIPMENT" as const, fullyCovered: true, shipOnLabelCreated: false };

  test("ships when every package moves", () => {
    expect(trackingSteps({ ...base, packages: [moving, moving] })).toEqual([{ to: "SHIPPED" }]);
    expect(trackingSteps({ ...base, packages: [moving, label] })).toEqual([]);
  });

  test("a label counts when the merchant says so", () => {
    expect(trackingSteps({ ...base, shipOnLabelCreated: true, packages: [label] })).toEqual([{ to: "SHIPPED" }]);
  });

  test("delivered with the latest delivery, through SHIPPED", () => {
    const steps = trackingSteps({ ...base, packages: [delivered("2026-11-23T10:00:00Z"), delivered("2026-11-24T09:00:00Z")] });
    expect(steps).toEqual([{ to: "SHIPPED" }, { to: "DELIVERED", deliveredAt: new Date("2026-11-24T09:00:00Z") }]);
    expect(trackingSteps({ ...base, status: "SHIPPED", packages: [delivered("2026-11-23T10:00:00Z"), moving] })).toEqual([]);
  });

  test("nothing moves a partly covered fulfillment, or one with no tracked package", () => {
    expect(trackingSteps({ ...base, fullyCovered: false, packages: [moving] })).toEqual([]);
    expect(trackingSteps({ ...base, packages: [] })).toEqual([]);
    expect(trackingSteps({ ...base, packages: [{ tracked: false, status: "UNKNOWN", deliveredAt: null }] })).toEqual([]);
  });

  test("a package without a tracking number counts as moving, never as delivered", () => {
    const untracked = { tracked: false, status: "UNKNOWN" as const, deliveredAt: null };
    expect(trackingSteps({ ...base, packages: [moving, untracked] })).toEqual([{ to: "SHIPPED" }]);
    expect(trackingSteps({ ...base, status: "SHIPPED", packages: [delivered("2026-11-23T10:00:00Z"), untracked] })).toEqual([]);
  });

  test("other statuses are left alone", () => {
    expect(trackingSteps({ ...base, status: "DELIVERED", packages: [delivered("2026-11-23T10:00:00Z")] })).toEqual([]);
    expect(trackingSteps({ ...base, status: "HOLD", packages: [moving] })).toEqual([]);
  });
});

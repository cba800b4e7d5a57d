// The merchant's own inputs: the tracking CSV, the returns CSV, the export, and the manual form.
// A file with any bad row changes nothing; every shipment goes through the same coverage path.
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ValidationError } from "~/use-cases/errors";
import { exportFulfillments } from "~/use-cases/exportFulfillments";
import { importTracking } from "~/use-cases/importTracking";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { pushShipments } from "~/use-cases/pushShipments";
import { recordManualShipment } from "~/use-cases/recordManualShipment";
import { sendHolds } from "~/use-cases/sendHolds";
import { uploadReturns } from "~/use-cases/uploadReturns";
import { createWorld, line, order, orderRow, partOf, statusChanges, type World } from "./world";

let world: World;
beforeEach(async () => {
  world = await createWorld();
  for (const o of [
    order("8001", [line("L1", "P-A", 2), line("L2", "P-A", 1, { variantId: "V-A2" })]),
    order("8002", [line("L1", "P-A", 1), line("L2", "P-B", 1)]),
    order("8003", [line("L1", "P-B", 1)]),
  ]) {
    world.platform.putOrder(o);
    await ingestOrder(world.ctx, { shopId: world.shopId, order: o });
  }
  // 8003's part goes to beta and is no longer in HOLD.
  await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.beta });
});
afterEach(async () => {
  await world.close();
});

async function snapshot() {
  const db = world.test.db;
  return {
    shipments: await db.shipment.count(),
    intents: await db.pushIntent.count(),
    timeline: await db.timelineEvent.count(),
    statuses: (await db.fulfillment.findMany({ orderBy: { id: "asc" } })).map((f) => f.status),
    orders: (await db.order.findMany({ orderBy: { id: "asc" } })).map((o) => o.shipmentState),
  };
}

const csv = (...rows: string[]) => ["orderId,clientFulfillmentId,trackingNumber,carrier,method", ...rows].join("\r\n");

describe("importTracking", () => {
  test("any bad row: every problem is reported by row and nothing changes", async () => {
    const before = await snapshot();
    const result = await importTracking(world.ctx, {
      shopId: world.shopId,
      actor: "user:7",
      csv: csv("8001,,1ZGOOD1,UPS,Ground", "8002,,1ZAMBIG,UPS,Ground", "8003,,1ZSENT,UPS,Ground", "9999,,1ZNONE,UPS,Ground"),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [2, "orderId"],
      [3, "orderId"],
      [4, "orderId"],
    ]);
    expect(result.errors[0].message).toMatch(/has 2 fulfillments; give the clientFulfillmentId/);
    expect(result.errors[1].message).toMatch(/PENDING; tracking can be imported only for fulfillments in HOLD/);
    expect(result.errors[2].message).toMatch(/No order 9999/);
    expect(await snapshot()).toEqual(before);
  });

  test("a row that breaks a coverage rule rolls back the rows already stored", async () => {
    const before = await snapshot();
    const alpha8002 = await partOf(world, "8002", world.connections.alpha);
    const result = await importTracking(world.ctx, {
      shopId: world.shopId,
      actor: "user:7",
      // 8002's alpha part has one unit: two tracking numbers for it break the rule.
      csv: csv("8001,,1ZGOOD1,UPS,Ground", `8002,${alpha8002.id},1ZX1;1ZX2,UPS,Ground`),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.row)).toEqual([2, 2]);
    expect(result.errors[0].message).toMatch(/2 tracking numbers need at least two different lines/);
    expect(await snapshot()).toEqual(before);
  });

  test("a good file ships what is still due on each HOLD part, through the shared path", async () => {
    const alpha8002 = await partOf(world, "8002", world.connections.alpha);
    const result = await importTracking(world.ctx, {
      shopId: world.shopId,
      actor: "user:7",
      csv: csv("#8001,,1ZIMP1;1ZIMP2,UPS,Ground", `8002,${alpha8002.id},1ZIMP3,FedEx,`),
    });
    expect(result).toMatchObject({
      ok: true,
      rows: [
        { row: 1, outcome: "accepted", units: 3, trackingNumbers: ["1ZIMP1", "1ZIMP2"] },
        { row: 2, outcome: "accepted", units: 1 },
      ],
    });
    const part = await partOf(world, "8001", world.connections.alpha);
    expect(await statusChanges(world, part.id)).toEqual(["->HOLD", "HOLD>PENDING_SHIPMENT", "PENDING_SHIPMENT>SHIPPED"]);
    const reason = await world.test.db.timelineEvent.findFirstOrThrow({ where: { fulfillmentId: part.id, to: "PENDING_SHIPMENT" } });
    expect(reason.reason).toBe("tracking imported");
    expect((await orderRow(world, "8001")).shipmentState).toBe("SHIPPED");
    expect((await orderRow(world, "8002")).shipmentState).toBe("PARTIALLY_SHIPPED");

    // The imported parts are no longer HOLD: the hold task does not send them.
    await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
    expect(world.alpha.submits).toEqual([]);

    await pushShipments(world.ctx, { shopId: world.shopId });
    expect(world.platform.live("8001").map((f) => f.trackingNumbers)).toEqual([["1ZIMP1", "1ZIMP2"]]);
    expect(world.platform.live("8002").map((f) => [f.carrier, f.lines.map((l) => l.platformLineId)])).toEqual([
      ["FedEx", ["L1"]],
    ]);

    // The same file again: those parts are no longer in HOLD, so it is refused and nothing changes.
    const before = await snapshot();
    const again = await importTracking(world.ctx, {
      shopId: world.shopId,
      actor: "user:7",
      csv: csv("#8001,,1ZIMP1;1ZIMP2,UPS,Ground"),
    });
    expect(again.ok).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  test("a malformed file is refused with the domain's row errors", async () => {
    const result = await importTracking(world.ctx, { shopId: world.shopId, actor: "user:7", csv: "orderId,trackingNumber\r\n8001,1Z" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ row: 0 });
  });
});

describe("recordManualShipment", () => {
  test("records a shipment by hand through the coverage rules", async () => {
    const part = await partOf(world, "8001", world.connections.alpha);
    const l1 = part.lines.find((l) => l.orderLine.platformLineId === "L1")!;
    const result = await recordManualShipment(world.ctx, {
      shopId: world.shopId,
      fulfillmentId: part.id,
      carrier: "DHL",
      trackingNumbers: ["JD0001"],
      trackingUrl: "https://dhl.example/JD0001",
      lines: [{ orderLineId: l1.orderLineId, quantity: 1 }],
      actor: "user:9",
    });
    expect(result.kind).toBe("accepted");
    expect((await partOf(world, "8001", world.connections.alpha)).status).toBe("PENDING_SHIPMENT");
    const event = await world.test.db.timelineEvent.findFirstOrThrow({ where: { kind: "SHIPMENT_ACCEPTED" } });
    expect(event.actor).toBe("user:9");

    // Submitting the same form twice records it once.
    const twice = await recordManualShipment(world.ctx, {
      shopId: world.shopId,
      orderId: part.orderId,
      carrier: "DHL",
      trackingNumbers: ["JD0001"],
      trackingUrl: "https://dhl.example/JD0001",
      lines: [{ orderLineId: l1.orderLineId, quantity: 1 }],
      actor: "user:9",
    });
    expect(twice.kind).toBe("duplicate");
    expect(await world.test.db.shipment.count()).toBe(1);
  });

  test("bad input names the field and stores nothing", async () => {
    const part = await partOf(world, "8001", world.connections.alpha);
    const [l1, l2] = part.lines.map((l) => l.orderLineId);
    const attempt = (input: Partial<Parameters<typeof recordManualShipment>[1]>) =>
      recordManualShipment(world.ctx, {
        shopId: world.shopId,
        fulfillmentId: part.id,
        carrier: "UPS",
        trackingNumbers: ["1ZMAN"],
        trackingUrl: null,
        lines: [{ orderLineId: l1, quantity: 1 }],
        actor: "user:9",
        ...input,
      }).then(
        () => null,
        (error: unknown) => error,
      );

    const over = await attempt({ lines: [{ orderLineId: l2, quantity: 1 }, { orderLineId: l1, quantity: 5 }] });
    expect(over).toBeInstanceOf(ValidationError);
    expect((over as ValidationError).issues).toEqual([
      { field: "lines.1.quantity", message: expect.stringMatching(/covers 5 but only 2 still due/) },
    ]);

    const twoTracking = await attempt({ trackingNumbers: ["1ZA", "1ZB"] });
    expect((twoTracking as ValidationError).issues.map((i) => i.field)).toEqual(["trackingNumbers", "trackingNumbers"]);

    const noLines = await attempt({ lines: [] });
    expect((noLines as ValidationError).issues).toEqual([{ field: "lines", message: "choose at least one line" }]);

    const badUrl = await attempt({ trackingUrl: "ftp://x" });
    expect((badUrl as ValidationError).issues[0].field).toBe("trackingUrl");

    const foreign = await attempt({ lines: [{ orderLineId: "not-a-line", quantity: 1 }] });
    expect((foreign as ValidationError).issues).toEqual([
      { field: "lines.0.orderLineId", message: "this line is not part of the fulfillment" },
    ]);

    expect(await world.test.db.shipment.count()).toBe(0);
    expect(await world.test.db.timelineEvent.count({ where: { kind: { startsWith: "SHIPMENT" } } })).toBe(0);
  });
});

describe("uploadReturns and exportFulfillments", () => {
  test("RETURNED goes through RMA_PENDING with the RMA number; a row that cannot changes nothing", async () => {
    await importTracking(world.ctx, { shopId: world.shopId, actor: "user:7", csv: csv("8001,,1ZRET1,UPS,Ground") });
    const part = await partOf(world, "8001", world.connections.alpha);
    expect(part.status).toBe("SHIPPED");

    const before = await snapshot();
    const refused = await uploadReturns(world.ctx, {
      shopId: world.shopId,
      actor: "user:7",
      csv: "orderId,status,rmaNumber\r\n8001,RETURNED,RMA-1\r\n8003,RETURNED,",
    });
    expect(refused).toMatchObject({ ok: false, errors: [{ row: 2, column: "status" }] });
    expect(await snapshot()).toEqual(before);

    const done = await uploadReturns(world.ctx, {
      shopId: world.shopId,
      actor: "user:7",
      csv: "orderId,status,rmaNumber\r\n8001,RETURNED,RMA-1\r\n8003,CANCELLED,",
    });
    expect(done.ok).toBe(true);
    const returned = await partOf(world, "8001", world.connections.alpha);
    expect(returned.status).toBe("RETURNED");
    expect(returned.rmaNumber).toBe("RMA-1");
    expect((await statusChanges(world, returned.id)).slice(-2)).toEqual(["SHIPPED>RMA_PENDING", "RMA_PENDING>RETURNED"]);
    const cancelled = await partOf(world, "8003", world.connections.beta);
    expect(cancelled.status).toBe("CANCELLED");
    // beta had received 8003's part: it was asked to drop it.
    expect(world.beta.cancels).toEqual([cancelled.id]);
  });

  test("the export holds one row per fulfillment with status and tracking, read in pages", async () => {
    await importTracking(world.ctx, { shopId: world.shopId, actor: "user:7", csv: csv("8001,,1ZEXP1;1ZEXP2,UPS,Ground") });
    const text = await exportFulfillments(world.ctx, { shopId: world.shopId, filter: {}, pageSize: 1 });
    expect(text.startsWith("\uFEFForderId,")).toBe(true);
    const rows: Record<string, string>[] = parse(text, { bom: true, columns: true });
    expect(rows).toHaveLength(4);
    const r8001 = rows.find((r) => r.orderId === "8001")!;
    expect(r8001).toMatchObject({ orderName: "#8001", status: "SHIPPED", trackingNumber: "1ZEXP1; 1ZEXP2", carrier: "UPS" });
    expect(rows.find((r) => r.orderId === "8003")).toMatchObject({ status: "PENDING", fulfiller: "Fixture beta" });

    const pending = await exportFulfillments(world.ctx, { shopId: world.shopId, filter: { status: ["PENDING"] } });
    const pendingRows: Record<string, string>[] = parse(pending, { bom: true, columns: true });
    expect(pendingRows.map((r) => r.orderId).sort()).toEqual(["8002", "8003"]); // both beta parts were sent
  });
});

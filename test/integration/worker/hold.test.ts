// The hold task: HOLD parts go to their fulfiller → PENDING; a refusal → FAILED, then one
// automatic resend as RECYCLED → PENDING or FAILED for good; a person may resend a FAILED part.
import { afterEach, beforeEach, expect, test } from "vitest";
import { cancelFulfillment } from "~/use-cases/cancelFulfillment";
import { changeFulfillmentStatus } from "~/use-cases/changeFulfillmentStatus";
import { ConflictError, ValidationError } from "~/use-cases/errors";
import { ingestOrder } from "~/use-cases/ingestOrder";
import { resendFulfillment } from "~/use-cases/resendFulfillment";
import { sendHolds } from "~/use-cases/sendHolds";
import { createWorld, line, order, partOf, statusChanges, type World } from "./world";

let world: World;
beforeEach(async () => {
  world = await createWorld();
  await ingestOrder(world.ctx, { shopId: world.shopId, order: order("3001", [line("L1", "P-A", 2), line("L2", "P-B", 1)]) });
});
afterEach(async () => {
  await world.close();
});

test("HOLD parts are submitted to their fulfillers and become PENDING with the fulfiller's id", async () => {
  const result = await sendHolds(world.ctx, { shopId: world.shopId });
  expect(result.counts.sent).toBe(2);
  const alphaPart = await partOf(world, "3001", world.connections.alpha);
  const betaPart = await partOf(world, "3001", world.connections.beta);
  expect(alphaPart.status).toBe("PENDING");
  expect(alphaPart.clientFulfillmentId).toBe(world.alpha.received.get(alphaPart.id)?.clientFulfillmentId);
  expect(alphaPart.sentAt?.toISOString()).toBe(world.clock.now.toISOString());
  expect(betaPart.status).toBe("PENDING");

  // The fulfiller got our line ids, SKUs, quantities and the ship-to address.
  const received = world.alpha.received.get(alphaPart.id)!.part;
  expect(received.lines).toEqual([
    {
      lineId: alphaPart.lines[0].orderLineId,
      sku: "SKU-L1",
      title: "Item L1",
      quantity: 2,
      unitPrice: "10.00",
      variantId: "P-A-V1",
      productId: "P-A",
    },
  ]);
  expect(received.order.shipTo?.city).toBe("Springfield");

  // A second run finds nothing to send.
  const again = await sendHolds(world.ctx, { shopId: world.shopId });
  expect(again.counts.sent).toBe(0);
  expect(world.alpha.submits).toEqual([alphaPart.id]);

  const runs = await world.test.db.syncRun.findMany({ where: { job: "hold" } });
  expect(runs).toHaveLength(4);
  expect(runs.every((run) => run.finishedAt !== null && run.error === null)).toBe(true);
});

test("a refused part goes FAILED → RECYCLED → PENDING on its one automatic resend", async () => {
  world.alpha.failNextSubmit("reject");
  await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  const part = await partOf(world, "3001", world.connections.alpha);
  expect(part.status).toBe("PENDING");
  expect(part.recycled).toBe(true);
  expect(await statusChanges(world, part.id)).toEqual(["->HOLD", "HOLD>FAILED", "FAILED>RECYCLED", "RECYCLED>PENDING"]);
  const failed = await world.test.db.timelineEvent.findFirst({ where: { fulfillmentId: part.id, to: "FAILED" } });
  expect(failed?.reason).toContain("address could not be validated");
});

test("a second refusal stays FAILED for good, until a person resends it", async () => {
  world.alpha.failNextSubmit("reject", "reject");
  await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  let part = await partOf(world, "3001", world.connections.alpha);
  expect(part.status).toBe("FAILED");
  expect(part.failureReason).toContain("address could not be validated");
  expect(await statusChanges(world, part.id)).toEqual(["->HOLD", "HOLD>FAILED", "FAILED>RECYCLED", "RECYCLED>FAILED"]);

  // No more automatic resends.
  await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  expect((await partOf(world, "3001", world.connections.alpha)).status).toBe("FAILED");
  expect(world.alpha.submits).toHaveLength(2);

  // A person resends it: FAILED → HOLD, and the next run sends it.
  await resendFulfillment(world.ctx, { shopId: world.shopId, fulfillmentId: part.id, actor: "user:42" });
  part = await partOf(world, "3001", world.connections.alpha);
  expect(part.status).toBe("HOLD");
  const byHand = await world.test.db.timelineEvent.findFirst({ where: { fulfillmentId: part.id, from: "FAILED", to: "HOLD" } });
  expect(byHand?.actor).toBe("user:42");
  await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  expect((await partOf(world, "3001", world.connections.alpha)).status).toBe("PENDING");
});

test("only a FAILED part can be resent", async () => {
  const part = await partOf(world, "3001", world.connections.alpha);
  await expect(
    resendFulfillment(world.ctx, { shopId: world.shopId, fulfillmentId: part.id, actor: "user:42" }),
  ).rejects.toBeInstanceOf(ConflictError);
});

test("a fulfiller that cannot be reached leaves the part in HOLD for the next run", async () => {
  world.alpha.failNextSubmit("unavailable");
  const result = await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  expect(result.counts.failed).toBe(1);
  const part = await partOf(world, "3001", world.connections.alpha);
  expect(part.status).toBe("HOLD");
  expect(await world.test.db.timelineEvent.count({ where: { fulfillmentId: part.id, kind: "SUBMIT_FAILED" } })).toBe(1);
  await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  expect((await partOf(world, "3001", world.connections.alpha)).status).toBe("PENDING");
});

test("a part cancelled while it was being sent is dropped at the fulfiller too", async () => {
  const part = await partOf(world, "3001", world.connections.alpha);
  world.alpha.afterAccept = async () => {
    await cancelFulfillment(world.ctx, { shopId: world.shopId, fulfillmentId: part.id, actor: "user:5" });
  };
  const result = await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  expect(result.counts).toMatchObject({ sent: 0, failed: 1 });
  const after = await partOf(world, "3001", world.connections.alpha);
  expect(after.status).toBe("CANCELLED");
  expect(after.clientFulfillmentId).toBe(world.alpha.received.get(part.id)?.clientFulfillmentId);
  expect(world.alpha.received.get(part.id)?.cancelled).toBe(true);
});

test("a person's status change goes through the table; sending is the hold task's", async () => {
  const part = await partOf(world, "3001", world.connections.alpha);
  await expect(
    changeFulfillmentStatus(world.ctx, { shopId: world.shopId, fulfillmentId: part.id, to: "DELIVERED", actor: "user:1" }),
  ).rejects.toBeInstanceOf(ConflictError);
  await expect(
    changeFulfillmentStatus(world.ctx, { shopId: world.shopId, fulfillmentId: part.id, to: "PENDING", actor: "user:1" }),
  ).rejects.toBeInstanceOf(ValidationError);
  expect((await partOf(world, "3001", world.connections.alpha)).status).toBe("HOLD");

  await sendHolds(world.ctx, { shopId: world.shopId, connectionId: world.connections.alpha });
  const cancelled = await cancelFulfillment(world.ctx, { shopId: world.shopId, fulfillmentId: part.id, actor: "user:1" });
  expect(cancelled).toEqual({ fulfillmentId: part.id, from: "PENDING", fulfillerNotified: true });
  expect(world.alpha.received.get(part.id)?.cancelled).toBe(true);
  expect(await statusChanges(world, part.id)).toEqual(["->HOLD", "HOLD>PENDING", "PENDING>CANCELLED"]);
});

import { describe, expect, it } from "vitest";
import { PluginRejectedError } from "~/plugins/errors";
import { ShipBobCancelRefusedError } from "~/plugins/shipbob/errors";
import { samplePart, shipBobPerTest } from "./support";

const start = shipBobPerTest();

describe("ShipBob cancel", () => {
  it("cancels an order not yet picked, and the poll then reports its shipment as cancelled", async () => {
    const env = await start();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);
    const before = await env.connection.shipmentsSince(null);

    await env.connection.cancel({ fulfillmentId: part.fulfillmentId, clientFulfillmentId });

    expect(env.sb.order(Number(clientFulfillmentId)).status).toBe("Cancelled");
    const after = await env.connection.shipmentsSince(before.cursor);
    expect(after.shipments).toEqual([
      expect.objectContaining({ clientFulfillmentId, fulfillmentId: part.fulfillmentId, cancelled: true, trackingNumbers: [] }),
    ]);
  });

  it("is refused once picking has started, with ShipBob's reason, and nothing is cancelled", async () => {
    const env = await start();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);
    env.sb.startPicking(Number(clientFulfillmentId));

    const error = await env.connection
      .cancel({ fulfillmentId: part.fulfillmentId, clientFulfillmentId })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ShipBobCancelRefusedError);
    expect(error).toBeInstanceOf(PluginRejectedError);
    const refused = error as ShipBobCancelRefusedError;
    expect(refused.partial).toBe(false);
    expect(refused.retryable).toBe(false);
    expect(refused.message).toMatch(
      new RegExp(`^ShipBob refused to cancel order ${clientFulfillmentId}: shipment \\d+: Shipment \\d+ has already been picked and cannot be cancelled\\.$`),
    );
    expect(env.sb.order(Number(clientFulfillmentId)).status).toBe("Processing");
  });

  it("says so when ShipBob could cancel only part of the order", async () => {
    const env = await start();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);
    env.sb.shipOrder(Number(clientFulfillmentId), { packages: [{ items: [{ referenceId: "SHIRT-M", quantity: 2 }] }] });

    const error = await env.connection
      .cancel({ fulfillmentId: part.fulfillmentId, clientFulfillmentId })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShipBobCancelRefusedError);
    expect((error as ShipBobCancelRefusedError).partial).toBe(true);
    expect((error as Error).message).toMatch(/cancelled only part of order .*has already shipped/);
    const shipments = env.sb.order(Number(clientFulfillmentId)).shipments as { status: string }[];
    expect(shipments.map((s) => s.status).sort()).toEqual(["Cancelled", "Completed"]);
  });

  it("is idempotent: cancelling a cancelled order succeeds (ShipBob's 422 checked against the order)", async () => {
    const env = await start();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);
    await env.connection.cancel({ fulfillmentId: part.fulfillmentId, clientFulfillmentId });
    await expect(env.connection.cancel({ fulfillmentId: part.fulfillmentId, clientFulfillmentId })).resolves.toBeUndefined();
    expect(env.sb.requests.filter((r) => r.operationId === "POST /2026-01/order/{orderId}:cancel").map((r) => r.status)).toEqual([
      200, 422,
    ]);
  });

  it("keeps ShipBob's message when it refuses with a 422", async () => {
    const env = await start();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);
    env.sb.inject({
      kind: "respond",
      operation: "POST /2026-01/order/{orderId}:cancel",
      status: 422,
      body: { "": ["Order is being processed at the fulfillment center and cannot be cancelled."] },
    });
    await expect(env.connection.cancel({ fulfillmentId: part.fulfillmentId, clientFulfillmentId })).rejects.toThrow(
      "Order is being processed at the fulfillment center and cannot be cancelled.",
    );
  });

  it("finds the order by our id when ShipBob's id was never stored, and does nothing for an order ShipBob never got", async () => {
    const env = await start();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);
    await env.connection.cancel({ fulfillmentId: part.fulfillmentId, clientFulfillmentId: null });
    expect(env.sb.order(Number(clientFulfillmentId)).status).toBe("Cancelled");

    await expect(env.connection.cancel({ fulfillmentId: "ful_never_sent", clientFulfillmentId: null })).resolves.toBeUndefined();
  });
});

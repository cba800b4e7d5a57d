import { describe, expect, it } from "vitest";
import type { FulfillerShipment } from "~/plugins/port";
import { type ShipBobEnv, samplePart, shipBobPerTest, sorted } from "./support";

const start = shipBobPerTest();

async function pollAndAck(e: ShipBobEnv, cursor: string | null) {
  const page = await e.connection.shipmentsSince(cursor);
  await e.connection.acknowledge(page.shipments);
  return page;
}

describe("ShipBob shipments", () => {
  it("reports a split shipment: one ShipBob shipment per package, mapped back to our line ids", async () => {
    const env = await start();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);
    const [shirt, mug, cap] = part.lines;
    const shipped = env.sb.shipOrder(Number(clientFulfillmentId), {
      packages: [
        {
          items: [
            { referenceId: "SHIRT-M", quantity: 2 },
            { referenceId: "MUG-1", quantity: 1 },
          ],
          trackingNumber: "1Z999AA10123456784",
          carrier: "UPS",
          carrierService: "Ground",
          trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
        },
        {
          items: [
            { referenceId: "MUG-1", quantity: 2 },
            { referenceId: "CAP-9", quantity: 1 },
          ],
        },
      ],
    });

    const page = await env.connection.shipmentsSince(null);
    expect(page.hasMore).toBe(false);
    const [first, second] = sorted(page.shipments);
    expect(first).toEqual({
      fulfillerShipmentId: String(shipped[0].id),
      fulfillmentId: part.fulfillmentId,
      clientFulfillmentId,
      trackingNumbers: ["1Z999AA10123456784"],
      carrier: "UPS",
      method: "Ground",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      lines: [
        { lineId: mug.lineId, sku: "MUG-1", quantity: 1 },
        { lineId: shirt.lineId, sku: "SHIRT-M", quantity: 2 },
      ],
      cancelled: false,
      shippedAt: expect.any(String),
    });
    expect(second.fulfillerShipmentId).toBe(String(shipped[1].id));
    expect(second.trackingNumbers).toEqual([(shipped[1].tracking as { tracking_number: string }).tracking_number]);
    expect(second.trackingNumbers).not.toEqual(first.trackingNumbers);
    expect(second.lines).toEqual([
      { lineId: cap.lineId, sku: "CAP-9", quantity: 1 },
      { lineId: mug.lineId, sku: "MUG-1", quantity: 2 },
    ]);
    expect(page.shipments).toHaveLength(2);
  });

  it("poll → acknowledge → poll again returns nothing new; the rest of the order arrives next time", async () => {
    const env = await start();
    const part = samplePart();
    const { clientFulfillmentId } = await env.connection.submit(part);
    env.sb.shipOrder(Number(clientFulfillmentId), { packages: [{ items: [{ referenceId: "SHIRT-M", quantity: 2 }] }] });

    const first = await pollAndAck(env, null);
    expect(first.shipments.map((s) => s.lines.map((l) => l.sku))).toEqual([["SHIRT-M"]]);
    const uploads = env.sb.requests.filter((r) => r.operationId === "POST /2026-01/shipment:batchUpdateTrackingUpload");
    expect(uploads.map((r) => r.body)).toEqual([
      { is_tracking_uploaded: true, shipment_ids: [Number(first.shipments[0].fulfillerShipmentId)] },
    ]);

    const again = await pollAndAck(env, first.cursor);
    expect(again.shipments).toEqual([]);

    env.sb.shipOrder(Number(clientFulfillmentId));
    const rest = await pollAndAck(env, again.cursor);
    expect(rest.shipments).toHaveLength(1);
    expect(rest.shipments[0].lines.map((l) => [l.sku, l.quantity]).sort()).toEqual([
      ["CAP-9", 1],
      ["MUG-1", 3],
    ]);
    expect((await env.connection.shipmentsSince(rest.cursor)).shipments).toEqual([]);
  });

  it("without acknowledge, the same shipments come again (nothing is lost before commit)", async () => {
    const env = await start();
    const { clientFulfillmentId } = await env.connection.submit(samplePart());
    env.sb.shipOrder(Number(clientFulfillmentId));
    const first = await env.connection.shipmentsSince(null);
    const second = await env.connection.shipmentsSince(first.cursor);
    expect(sorted(second.shipments)).toEqual(sorted(first.shipments));
  });

  it("reports a shipment ShipBob cancelled after shipping as cancelled, once", async () => {
    const env = await start();
    const { clientFulfillmentId } = await env.connection.submit(samplePart());
    const [shipped] = env.sb.shipOrder(Number(clientFulfillmentId));
    const first = await pollAndAck(env, null);
    expect(first.shipments.map((s) => s.cancelled)).toEqual([false]);

    env.sb.cancelShipment(Number(shipped.id));
    const second = await pollAndAck(env, first.cursor);
    expect(second.shipments).toEqual([
      expect.objectContaining({
        fulfillerShipmentId: String(shipped.id),
        cancelled: true,
        trackingNumbers: first.shipments[0].trackingNumbers,
      }),
    ]);
    expect((await pollAndAck(env, second.cursor)).shipments).toEqual([]);
  });

  it("reports a line of quantity 3 split 2 + 1 across two packages, each unit once", async () => {
    const env = await start();
    const part = samplePart({
      lines: [{ lineId: "line_mugs", sku: "MUG-1", title: "Mug", quantity: 3, unitPrice: "9.50" }],
    });
    const { clientFulfillmentId } = await env.connection.submit(part);
    env.sb.shipOrder(Number(clientFulfillmentId), {
      packages: [{ items: [{ referenceId: "MUG-1", quantity: 2 }] }, { items: [{ referenceId: "MUG-1", quantity: 1 }] }],
    });
    const { shipments } = await env.connection.shipmentsSince(null);
    const units = shipments.flatMap((s: FulfillerShipment) => s.lines).map((l) => [l.lineId, l.quantity]);
    expect(units.sort()).toEqual([
      ["line_mugs", 1],
      ["line_mugs", 2],
    ]);
    expect(new Set(shipments.map((s) => s.trackingNumbers[0])).size).toBe(2);
  });

  it("leaves out orders of other channels on the same ShipBob account", async () => {
    const env = await start({
      standIn: {
        channels: [
          { id: 4101, name: "Consign" },
          { id: 4102, name: "Other app" },
        ],
      },
    });
    const other = env.plugin.connect({ personalAccessToken: env.sb.token, channelId: "4102" }, env.ctx);
    const theirs = await other.submit(samplePart());
    const ours = await env.connection.submit(samplePart());
    env.sb.shipOrder(Number(theirs.clientFulfillmentId));
    env.sb.shipOrder(Number(ours.clientFulfillmentId));

    const { shipments } = await env.connection.shipmentsSince(null);
    expect(shipments.map((s) => s.clientFulfillmentId)).toEqual([ours.clientFulfillmentId]);
  });

  it("refuses a cursor it did not write, saying so", async () => {
    const env = await start();
    await expect(env.connection.shipmentsSince("page=2")).rejects.toThrow(/cursor is not one this plugin wrote/);
  });
});

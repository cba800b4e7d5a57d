// "Send a test order": one made-up part through the connection's plugin, and what the fulfiller
// answered, accepted or refused. Plugins mark test parts so the fulfiller does not ship them
// (ShipStation: on hold, with a note). Nothing is stored on our side.
import { z } from "zod";
import type { FulfillmentPart } from "~/plugins/port";
import type { AppContext } from "./context";
import { ConflictError, parseInput } from "./errors";
import { loadConnectionClient } from "./shared/connectionClient";

const inputSchema = z.object({ shopId: z.string().min(1), connectionId: z.string().min(1) });

export type SendTestOrderInput = z.input<typeof inputSchema>;

export type SendTestOrderResult =
  | { ok: true; clientFulfillmentId: string; message: string }
  | { ok: false; message: string };

export function testPart(connectionId: string, at: Date, email: string | null): FulfillmentPart {
  const stamp = at.getTime().toString(36).toUpperCase();
  return {
    fulfillmentId: `test-${connectionId}-${stamp}`,
    test: true,
    order: {
      id: `test-${stamp}`,
      platformOrderId: `test-${stamp}`,
      name: `TEST-${stamp}`,
      placedAt: at.toISOString(),
      customerEmail: email,
      shipTo: {
        name: "Consign Test",
        address1: "1600 Pennsylvania Ave NW",
        city: "Washington",
        provinceCode: "DC",
        zip: "20500",
        countryCode: "US",
      },
    },
    lines: [{ lineId: `test-line-${stamp}`, sku: "CONSIGN-TEST", title: "Consign test item (do not ship)", quantity: 1, unitPrice: "0.00" }],
  };
}

export async function sendTestOrder(ctx: AppContext, raw: SendTestOrderInput): Promise<SendTestOrderResult> {
  const { shopId, connectionId } = parseInput(inputSchema, raw);
  const { connection, client } = await loadConnectionClient(ctx, shopId, connectionId);
  if (!connection.active) throw new ConflictError(`${connection.title} is deactivated; activate it to send a test order.`);
  if (connection.mode === "pull") {
    return { ok: false, message: `${connection.title} fetches orders itself through the Order API; there is nothing to send.` };
  }
  const shop = await ctx.db.shop.findFirst({ where: { id: shopId }, select: { email: true } });
  try {
    const { clientFulfillmentId } = await client.submit(testPart(connection.id, ctx.now(), shop?.email ?? null));
    return {
      ok: true,
      clientFulfillmentId,
      message: `${connection.title} accepted the test order (its reference: ${clientFulfillmentId}).`,
    };
  } catch (error) {
    return { ok: false, message: `${connection.title} refused the test order: ${error instanceof Error ? error.message : String(error)}` };
  }
}

// What is still due on each line of some fulfillments, per the domain's coverage rules: ordered −
// cancelled/refunded − covered by the order's accepted shipments.
import { coverageByLine, type LineCoverage, type RecordedShipment } from "~/fulfillment/coverage";
import type { Db } from "~/db.server";
import type { Tx } from "./timeline";

export async function partCoverage(
  db: Db | Tx,
  shopId: string,
  parts: readonly { id: string; orderId: string }[],
): Promise<Map<string, LineCoverage[]>> {
  const orderIds = [...new Set(parts.map((part) => part.orderId))];
  const [lines, partLines, shipments] = await Promise.all([
    db.orderLine.findMany({
      where: { shopId, orderId: { in: orderIds } },
      select: { id: true, orderId: true, quantity: true, cancelledQuantity: true },
    }),
    db.fulfillmentLine.findMany({
      where: { shopId, fulfillmentId: { in: parts.map((part) => part.id) } },
      select: { fulfillmentId: true, orderLineId: true },
    }),
    db.shipment.findMany({
      where: { shopId, orderId: { in: orderIds }, state: "ACCEPTED" },
      select: { id: true, orderId: true, connectionId: true, lines: { select: { orderLineId: true, quantity: true } } },
    }),
  ]);
  const result = new Map<string, LineCoverage[]>();
  for (const part of parts) {
    const held = new Set(partLines.filter((l) => l.fulfillmentId === part.id).map((l) => l.orderLineId));
    const recorded: RecordedShipment[] = shipments
      .filter((s) => s.orderId === part.orderId)
      .map((s) => ({
        id: s.id,
        connectionId: s.connectionId,
        trackingNumbers: [],
        items: s.lines.map((l) => ({ lineId: l.orderLineId, quantity: l.quantity })),
        cancelled: false,
      }));
    const domainLines = lines
      .filter((line) => line.orderId === part.orderId && held.has(line.id))
      .map((line) => ({ lineId: line.id, quantity: line.quantity, cancelledQuantity: line.cancelledQuantity }));
    result.set(part.id, coverageByLine(domainLines, recorded));
  }
  return result;
}

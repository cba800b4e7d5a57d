// Two rows that ask for the same fulfillment make the file ambiguous: which one wins? Such files
// are refused, naming both rows. A row without a fulfillment id speaks for the whole order, so it
// conflicts with any other row of that order.
import type { CsvRowError } from "./csv-result";

export interface FulfillmentRowKey {
  row: number;
  orderId: string;
  fulfillmentId: string | null;
  clientFulfillmentId: string | null;
}

function target(key: FulfillmentRowKey): string | null {
  if (key.fulfillmentId) return `fulfillment ${key.fulfillmentId}`;
  if (key.clientFulfillmentId) return `clientFulfillmentId ${key.clientFulfillmentId}`;
  return null;
}

export function conflictingRows(keys: readonly FulfillmentRowKey[], advice: string): CsvRowError[] {
  const byOrder = new Map<string, FulfillmentRowKey[]>();
  const errors: CsvRowError[] = [];
  for (const key of keys) {
    const earlier = byOrder.get(key.orderId) ?? [];
    const mine = target(key);
    const clash = earlier.find((other) => mine === null || target(other) === null || target(other) === mine);
    if (clash) {
      const what = mine ?? target(clash);
      errors.push({
        row: key.row,
        column: "orderId",
        message: `Rows ${clash.row} and ${key.row} are both for order ${key.orderId}${what ? ` (${what})` : ""}. ${advice}`,
      });
    }
    earlier.push(key);
    byOrder.set(key.orderId, earlier);
  }
  return errors;
}

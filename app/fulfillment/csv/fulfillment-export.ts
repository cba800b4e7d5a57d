// Export CSV (seed: CheckoutChamp Fulfillment): one row per fulfillment, with its status and
// tracking. The same file comes back as Import Tracking (tracking numbers typed into column Z,
// trackingNumber) and as Upload Returned Orders (status changed to RETURNED or CANCELLED), so the
// columns those read keep their names: orderId, clientFulfillmentId, status, rmaNumber, carrier,
// method, trackingNumber. Several tracking numbers share the cell, separated by "; ".
import { stringify } from "csv-stringify/sync";
import type { FulfillmentStatus, ShipTo } from "../types";
import { TRACKING_SEPARATOR } from "./cells";
import { guardFormula } from "./formula-guard";

export interface FulfillmentExportItem {
  sku?: string | null;
  title: string;
  quantity: number;
}

export interface FulfillmentExportRow {
  /** the order id the merchant sees; imports match on it */
  orderId: string;
  orderName?: string | null;
  fulfillmentId: string;
  clientFulfillmentId?: string | null;
  /** the connection's title */
  fulfiller?: string | null;
  status: FulfillmentStatus;
  createdAt?: Date | null;
  sentAt?: Date | null;
  shippedAt?: Date | null;
  deliveredAt?: Date | null;
  shipTo?: ShipTo | null;
  items?: readonly FulfillmentExportItem[];
  rmaNumber?: string | null;
  carrier?: string | null;
  method?: string | null;
  trackingNumbers?: readonly string[];
  trackingUrl?: string | null;
  failureReason?: string | null;
}

type Cell = (row: FulfillmentExportRow) => string | number | Date | null | undefined;

/** Column order matters: trackingNumber is the 26th column, Z, where the seed tells merchants to type. */
const COLUMNS: readonly (readonly [string, Cell])[] = [
  ["orderId", (r) => r.orderId],
  ["orderName", (r) => r.orderName],
  ["fulfillmentId", (r) => r.fulfillmentId],
  ["clientFulfillmentId", (r) => r.clientFulfillmentId],
  ["fulfiller", (r) => r.fulfiller],
  ["status", (r) => r.status],
  ["dateCreated", (r) => r.createdAt],
  ["dateSent", (r) => r.sentAt],
  ["dateShipped", (r) => r.shippedAt],
  ["dateDelivered", (r) => r.deliveredAt],
  ["shipName", (r) => r.shipTo?.name],
  ["shipCompany", (r) => r.shipTo?.company],
  ["shipAddress1", (r) => r.shipTo?.address1],
  ["shipAddress2", (r) => r.shipTo?.address2],
  ["shipCity", (r) => r.shipTo?.city],
  ["shipState", (r) => r.shipTo?.provinceCode ?? r.shipTo?.province],
  ["shipPostalCode", (r) => r.shipTo?.zip],
  ["shipCountry", (r) => r.shipTo?.countryCode],
  ["phoneNumber", (r) => r.shipTo?.phone],
  ["emailAddress", (r) => r.shipTo?.email],
  ["items", (r) => r.items?.map((item) => `${item.quantity} x ${item.sku || item.title}`).join("; ")],
  ["units", (r) => r.items?.reduce((sum, item) => sum + item.quantity, 0)],
  ["rmaNumber", (r) => r.rmaNumber],
  ["carrier", (r) => r.carrier],
  ["method", (r) => r.method],
  ["trackingNumber", (r) => r.trackingNumbers?.join(TRACKING_SEPARATOR)],
  ["trackingUrl", (r) => r.trackingUrl],
  ["failureReason", (r) => r.failureReason],
];

export const FULFILLMENT_EXPORT_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

function cellText(value: ReturnType<Cell>): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, "Z");
  return guardFormula(String(value).trim());
}

/**
 * The file, with a UTF-8 BOM (so that Excel reads accents) and CRLF line ends (RFC 4180); values
 * with commas, quotes or line breaks are quoted.
 */
export function writeFulfillmentExport(rows: readonly FulfillmentExportRow[]): string {
  const records = rows.map((row) => COLUMNS.map(([, cell]) => cellText(cell(row))));
  return stringify([FULFILLMENT_EXPORT_COLUMNS, ...records], {
    bom: true,
    record_delimiter: "windows",
    // csv-stringify quotes only the record delimiter itself; a lone LF or CR must be quoted too
    quoted_match: /[\r\n]/,
  });
}

export { optionalCell, requiredCell, TRACKING_SEPARATOR, trackingNumbersCell } from "./cells";
export { type CsvResult, type CsvRowError, type CsvSkippedRow, formatCsvError } from "./csv-result";
export {
  FULFILLMENT_EXPORT_COLUMNS,
  type FulfillmentExportItem,
  type FulfillmentExportRow,
  writeFulfillmentExport,
} from "./fulfillment-export";
export { guardFormula, unguardFormula } from "./formula-guard";
export { type CsvColumns, readCsvRows } from "./read-table";
export {
  parseReturnsUpload,
  RETURNS_UPLOAD_COLUMNS,
  type ReturnsRow,
  type ReturnsStatus,
} from "./returns-upload";
export { parseTrackingImport, TRACKING_IMPORT_COLUMNS, type TrackingImportRow } from "./tracking-import";

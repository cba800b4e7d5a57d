// UPS Track API activity `status.type` -> normalized. The type families are not in UPS's
// OpenAPI file; they come from the community mapping in notes §4c (UPS Track API) and the
// UPS column of the normalized-status table in notes §4.
import type { StatusMap } from "../status-map";

export const UPS_STATUS_TYPES = ["M", "MV", "P", "I", "W", "DO", "O", "D", "DD", "X", "RS", "NA"] as const;
export type UpsStatusType = (typeof UPS_STATUS_TYPES)[number];

export const UPS_STATUS_MAP: StatusMap<UpsStatusType> = {
  provider: "ups",
  statuses: UPS_STATUS_TYPES,
  map: {
    M: "LABEL_CREATED", // manifest / billing information received
    MV: "CANCELLED", // billing information voided
    P: "IN_TRANSIT", // pickup
    I: "IN_TRANSIT",
    W: "IN_TRANSIT", // warehousing
    DO: "IN_TRANSIT", // delivered to origin CFS
    O: "OUT_FOR_DELIVERY",
    D: "DELIVERED",
    DD: "DELIVERED", // delivered to destination CFS
    X: "EXCEPTION",
    RS: "RETURNED_TO_SENDER",
    NA: "UNKNOWN",
  },
};

/**
 * The notes list type X under both DELIVERY_ATTEMPTED and EXCEPTION: UPS reports a failed
 * delivery attempt as an exception whose description says so.
 */
export function refineUpsException(description: string | null | undefined): "DELIVERY_ATTEMPTED" | "EXCEPTION" {
  return description && /attempt/i.test(description) ? "DELIVERY_ATTEMPTED" : "EXCEPTION";
}

// EasyPost Tracker.status -> normalized (notes §4b "status values" and §4 "Recommended
// pluggable set and normalized status", EasyPost column).
import type { StatusMap } from "../status-map";

export const EASYPOST_STATUSES = [
  "unknown",
  "pre_transit",
  "in_transit",
  "out_for_delivery",
  "delivered",
  "available_for_pickup",
  "return_to_sender",
  "failure",
  "cancelled",
  "error",
] as const;
export type EasyPostStatus = (typeof EASYPOST_STATUSES)[number];

export const EASYPOST_STATUS_MAP: StatusMap<EasyPostStatus> = {
  provider: "easypost",
  statuses: EASYPOST_STATUSES,
  map: {
    unknown: "UNKNOWN",
    // "EasyPost `error` is better stored as a tracker-level error flag than as a package state" (notes §4)
    error: "UNKNOWN",
    pre_transit: "LABEL_CREATED",
    in_transit: "IN_TRANSIT",
    out_for_delivery: "OUT_FOR_DELIVERY",
    available_for_pickup: "AVAILABLE_FOR_PICKUP",
    delivered: "DELIVERED",
    failure: "EXCEPTION",
    return_to_sender: "RETURNED_TO_SENDER",
    cancelled: "CANCELLED",
  },
};

/** EXPIRED has no status of its own at EasyPost: it is the status_detail `expired` (notes §4 table). */
export const EASYPOST_EXPIRED_DETAIL = "expired";

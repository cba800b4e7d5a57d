// FedEx Track API status / scan event codes -> normalized. The codes the notes name (§4c FedEx
// Track API, and the FedEx column of the §4 table) come first; the rest are from the same
// legacy FedEx Track status list the notes cite, all movement codes.
import type { StatusMap } from "../status-map";

export const FEDEX_STATUS_CODES = [
  // named in the notes
  "OC",
  "PU",
  "AR",
  "DP",
  "IT",
  "OD",
  "DL",
  "DE",
  "SE",
  "HL",
  "CA",
  "RS",
  // further codes of the legacy list (movement, customs and delay scans)
  "AA",
  "AF",
  "AP",
  "AX",
  "CC",
  "CD",
  "CP",
  "DD",
  "DY",
  "EA",
  "ED",
  "EO",
  "EP",
  "FD",
  "IX",
  "LO",
  "OF",
  "OX",
  "PF",
  "PL",
  "PM",
  "PX",
  "SF",
  "TR",
] as const;
export type FedExStatusCode = (typeof FEDEX_STATUS_CODES)[number];

export const FEDEX_STATUS_MAP: StatusMap<FedExStatusCode> = {
  provider: "fedex",
  statuses: FEDEX_STATUS_CODES,
  map: {
    OC: "LABEL_CREATED", // order created
    PU: "IN_TRANSIT", // picked up
    AR: "IN_TRANSIT", // arrived
    DP: "IN_TRANSIT", // departed
    IT: "IN_TRANSIT",
    OD: "OUT_FOR_DELIVERY",
    DL: "DELIVERED",
    // The notes list DE under both DELIVERY_ATTEMPTED and EXCEPTION: a delivery exception is
    // an attempt that failed; SE (shipment exception) is the general one.
    DE: "DELIVERY_ATTEMPTED",
    SE: "EXCEPTION",
    HL: "AVAILABLE_FOR_PICKUP", // hold at location
    CA: "CANCELLED",
    RS: "RETURNED_TO_SENDER",
    AA: "IN_TRANSIT", // at airport
    AF: "IN_TRANSIT", // at local FedEx facility
    AP: "IN_TRANSIT", // at pickup
    AX: "IN_TRANSIT", // at USPS facility
    CC: "IN_TRANSIT", // cleared customs
    CD: "IN_TRANSIT", // clearance delay
    CP: "IN_TRANSIT", // clearance in progress
    DD: "IN_TRANSIT", // delivery delay
    DY: "IN_TRANSIT", // delay
    EA: "IN_TRANSIT", // enroute to airport
    ED: "IN_TRANSIT", // enroute to delivery
    EO: "IN_TRANSIT", // enroute to origin airport
    EP: "IN_TRANSIT", // enroute to pickup
    FD: "IN_TRANSIT", // at FedEx destination
    IX: "IN_TRANSIT", // in transit (see details)
    LO: "IN_TRANSIT", // left origin
    OF: "IN_TRANSIT", // at FedEx origin facility
    OX: "IN_TRANSIT", // shipment information sent to USPS
    PF: "IN_TRANSIT", // plane in flight
    PL: "IN_TRANSIT", // plane landed
    PM: "IN_TRANSIT", // in progress
    PX: "IN_TRANSIT", // picked up (see details)
    SF: "IN_TRANSIT", // at sort facility
    TR: "IN_TRANSIT", // transfer
  },
};

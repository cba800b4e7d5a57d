// The CarrierTracker port: where a parcel is, per the carrier or an aggregator.
export const CARRIER_STATUSES = [
  "UNKNOWN",
  "LABEL_CREATED",
  "IN_TRANSIT",
  "OUT_FOR_DELIVERY",
  "AVAILABLE_FOR_PICKUP",
  "DELIVERY_ATTEMPTED",
  "DELIVERED",
  "EXCEPTION",
  "RETURNED_TO_SENDER",
  "CANCELLED",
  "EXPIRED",
] as const;
export type CarrierStatus = (typeof CARRIER_STATUSES)[number];

export interface TrackingCheckpoint {
  status: CarrierStatus;
  at: string;
  message: string | null;
  city: string | null;
  country: string | null;
}

export interface TrackingResult {
  trackingNumber: string;
  carrier: string;
  status: CarrierStatus;
  deliveredAt: string | null;
  trackingUrl: string | null;
  checkpoints: TrackingCheckpoint[];
}

export interface CarrierTracker {
  readonly name: string;
  track(trackingNumber: string, carrier: string): Promise<TrackingResult>;
}

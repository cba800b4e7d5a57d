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
  /** the provider's own status or event code, kept beside the normalized one (notes §4 "Store the raw status") */
  rawStatus?: string | null;
}

export interface TrackingResult {
  trackingNumber: string;
  carrier: string;
  status: CarrierStatus;
  deliveredAt: string | null;
  trackingUrl: string | null;
  checkpoints: TrackingCheckpoint[];
  /** the provider's own current status (and substatus), beside the normalized one */
  rawStatus?: string | null;
  /** the carrier's estimated delivery, when it gives one */
  estimatedDeliveryAt?: string | null;
}

export interface CarrierTracker {
  readonly name: string;
  track(trackingNumber: string, carrier: string): Promise<TrackingResult>;
}

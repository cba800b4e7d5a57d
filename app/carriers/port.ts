// The CarrierTracker port: where a parcel is, per the carrier or an aggregator.
// The normalized status set is the domain's (app/fulfillment/tracking.ts decides what each means
// for a fulfillment); providers map their own statuses onto it.
import { PARCEL_STATUSES, type ParcelStatus } from "../fulfillment/tracking";

export const CARRIER_STATUSES = PARCEL_STATUSES;
export type CarrierStatus = ParcelStatus;

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

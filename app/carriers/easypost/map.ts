// An EasyPost Tracker as a normalized TrackingResult.
import { normalizeCarrierName } from "../carriers";
import type { TrackingCheckpoint, TrackingResult } from "../port";
import { chronological, lastAt, toIso } from "../result";
import { mapStatus } from "../status-map";
import { chooseTrackingUrl } from "../urls";
import type { EasyPostTracker } from "./schema";
import { EASYPOST_EXPIRED_DETAIL, EASYPOST_STATUS_MAP } from "./status";

export function trackerToResult(tracker: EasyPostTracker, requestedCarrier: string | null): TrackingResult {
  const carrier = normalizeCarrierName(tracker.carrier) ?? normalizeCarrierName(requestedCarrier);
  const checkpoints: TrackingCheckpoint[] = chronological(
    tracker.tracking_details.map((d) => ({
      status: mapStatus(EASYPOST_STATUS_MAP, d.status),
      at: toIso(d.datetime) ?? d.datetime,
      message: d.message ?? d.description ?? null,
      city: d.tracking_location?.city ?? null,
      country: d.tracking_location?.country ?? null,
      rawStatus: d.status_detail ? `${d.status}/${d.status_detail}` : d.status,
    })),
  );
  const status =
    tracker.status_detail === EASYPOST_EXPIRED_DETAIL ? "EXPIRED" : mapStatus(EASYPOST_STATUS_MAP, tracker.status);
  return {
    trackingNumber: tracker.tracking_code,
    carrier: carrier ?? tracker.carrier ?? requestedCarrier ?? "",
    status,
    deliveredAt: status === "DELIVERED" ? lastAt(checkpoints, "DELIVERED") : null,
    trackingUrl: chooseTrackingUrl(tracker.public_url, carrier, tracker.tracking_code),
    checkpoints,
    rawStatus: tracker.status_detail ? `${tracker.status}/${tracker.status_detail}` : tracker.status,
    estimatedDeliveryAt: toIso(tracker.est_delivery_date),
  };
}

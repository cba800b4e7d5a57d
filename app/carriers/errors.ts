// What can go wrong when asking a carrier or an aggregator where a parcel is. The tracking job
// decides what to do with each: retry later (unavailable, rate limited), tell the merchant
// (credentials rejected, unsupported carrier), or report a vendor change (unexpected response).
import type { z } from "zod";

export class CarrierTrackingError extends Error {
  override name = "CarrierTrackingError";
  constructor(
    readonly provider: string,
    message: string,
  ) {
    super(`${provider}: ${message}`);
  }
}

/** The provider refused our credentials (token endpoint or API answered 401/403). */
export class CarrierCredentialsRejectedError extends CarrierTrackingError {
  override name = "CarrierCredentialsRejectedError";
}

/** Network failure, timeout, 5xx or 429 that outlasted our retries: try again later. */
export class CarrierUnavailableError extends CarrierTrackingError {
  override name = "CarrierUnavailableError";
  constructor(
    provider: string,
    message: string,
    readonly status: number | null,
  ) {
    super(provider, message);
  }
}

/** The provider rejected the request itself (4xx other than auth): our input or our client is wrong. */
export class CarrierRequestRejectedError extends CarrierTrackingError {
  override name = "CarrierRequestRejectedError";
  constructor(
    provider: string,
    message: string,
    readonly status: number,
  ) {
    super(provider, message);
  }
}

/** A response we rely on did not have the shape the vendor documents; `field` names where. */
export class CarrierResponseInvalidError extends CarrierTrackingError {
  override name = "CarrierResponseInvalidError";
  constructor(
    provider: string,
    what: string,
    readonly issues: readonly { field: string; message: string }[],
  ) {
    super(provider, `unexpected ${what}: ${issues.map((i) => `${i.field || "(body)"}: ${i.message}`).join("; ")}`);
  }

  static fromZod(provider: string, what: string, error: z.ZodError): CarrierResponseInvalidError {
    return new CarrierResponseInvalidError(
      provider,
      what,
      error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message })),
    );
  }
}

/** A direct carrier provider was asked about another carrier's parcel, or no provider is set for it. */
export class UnsupportedCarrierError extends CarrierTrackingError {
  override name = "UnsupportedCarrierError";
}

/** A provider's configuration (credentials, chooser) is missing or malformed; `field` names it. */
export class CarrierConfigError extends Error {
  override name = "CarrierConfigError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

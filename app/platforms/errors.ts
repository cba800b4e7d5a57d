// Errors that platform adapters (Shopify, BigCommerce) throw, so use cases can tell "the
// platform refused this write" from "try again later" without knowing the platform.

/** Base of platform errors. `retryable`: the same call may succeed later unchanged. */
export class PlatformError extends Error {
  override name = "PlatformError";
  constructor(
    message: string,
    readonly retryable = false,
    /** the platform's HTTP status, when there was one */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The platform understood the request and refused it. `message` is the platform's own text. */
export class PlatformRejectedError extends PlatformError {
  override name = "PlatformRejectedError";
  constructor(
    message: string,
    /** the field the platform named, when it named one */
    readonly field: string | null = null,
    status: number | null = 400,
  ) {
    super(message, false, status);
  }
}

/** The platform failed or could not be reached (5xx, timeout, network, throttled past our patience). */
export class PlatformUnavailableError extends PlatformError {
  override name = "PlatformUnavailableError";
  constructor(
    message: string,
    status: number | null = null,
    /** how long the platform asked us to wait, when it said */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message, true, status);
  }
}

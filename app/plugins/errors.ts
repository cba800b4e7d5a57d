// Errors that plugin clients throw, so callers can tell "fix the credentials" from "the fulfiller
// said no to this order" from "try again later" without knowing the vendor.

/** Base of plugin errors. `retryable`: the same call may succeed later unchanged. */
export class PluginError extends Error {
  override name = "PluginError";
  constructor(
    message: string,
    readonly retryable: boolean,
    /** the fulfiller's HTTP status, when there was one */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The fulfiller refused the credentials (HTTP 401/403). */
export class PluginAuthError extends PluginError {
  override name = "PluginAuthError";
  constructor(message: string, status: number | null = 401) {
    super(message, false, status);
  }
}

/** The fulfiller understood the request and refused it (validation, a closed order, ...). */
export class PluginRejectedError extends PluginError {
  override name = "PluginRejectedError";
  constructor(message: string, status: number | null = 400) {
    super(message, false, status);
  }
}

/** The fulfiller failed or could not be reached (5xx, timeout, network) after our retries. */
export class PluginUnavailableError extends PluginError {
  override name = "PluginUnavailableError";
  constructor(message: string, status: number | null = null) {
    super(message, true, status);
  }
}

/** A webhook request we do not accept (wrong secret, foreign resource URL, bad body). */
export class PluginWebhookRejectedError extends PluginError {
  override name = "PluginWebhookRejectedError";
  constructor(
    message: string,
    /** the HTTP status our route should answer with */
    readonly httpStatus: 400 | 401 | 403 = 400,
  ) {
    super(message, false, null);
  }
}

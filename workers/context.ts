// The AppContext of a worker process: the same as the web app's (database from DATABASE_URL,
// plugin registry, stand-in URLs from env, the Shopify adapter on offline tokens, and whatever
// adapter a module registers with registerPlatform).
// Registers the BigCommerce adapter (when BigCommerce is configured) in this process's contexts.
import "~/bigcommerce.server";
import { appContext } from "~/lib/app-context.server";
import type { PlatformKind } from "~/platforms/port";
import type { AppContext } from "~/use-cases/context";

/** Raised when a job needs a platform whose adapter this process has not registered. */
export class PlatformNotConfiguredError extends Error {
  override name = "PlatformNotConfiguredError";
  constructor(
    readonly kind: PlatformKind,
    cause: unknown,
  ) {
    super(`platform adapter not configured: ${kind} (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

export function createWorkerContext(overrides: Partial<AppContext> = {}): AppContext {
  const base = appContext({ actor: "system:worker", ...overrides });
  return {
    ...base,
    platform(kind) {
      try {
        return base.platform(kind);
      } catch (error) {
        throw new PlatformNotConfiguredError(kind, error);
      }
    },
  };
}

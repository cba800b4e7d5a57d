// The AppContext of a worker process: the same as the web app's (database from DATABASE_URL,
// plugin registry, stand-in URLs from env), with the platform adapters this process registers.
import { appContext } from "~/lib/app-context.server";
import type { PlatformKind } from "~/platforms/port";
import type { AppContext } from "~/use-cases/context";

/** Raised when a job needs a platform whose adapter this process has not registered. */
export class PlatformNotConfiguredError extends Error {
  override name = "PlatformNotConfiguredError";
  constructor(readonly kind: PlatformKind) {
    super(`platform adapter not configured: ${kind}`);
  }
}

export function createWorkerContext(overrides: Partial<AppContext> = {}): AppContext {
  const base = appContext({ actor: "system:worker", ...overrides });
  return {
    ...base,
    platform(kind) {
      try {
        return base.platform(kind);
      } catch {
        throw new PlatformNotConfiguredError(kind);
      }
    },
  };
}

// The errors a use case throws: a small hierarchy whose names say what went wrong. Routes map
// them to HTTP answers (ValidationError 400/422, NotFoundError 404, CredentialsRejectedError
// 422, FulfillerUnavailableError 503) and show `message` to the merchant as is.
import type { z } from "zod";

/** Base of every error a use case throws on purpose. */
export class UseCaseError extends Error {
  override name = "UseCaseError";
}

/** One problem with one field of the input. `field` is a dotted path, e.g. "credentials.apiKey". */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The input was rejected before anything changed; `issues` names each bad field. */
export class ValidationError extends UseCaseError {
  override name = "ValidationError";
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join("; ") || "Invalid input");
  }

  static fromZod(error: z.ZodError, prefix = "", labels: Readonly<Record<string, string>> = {}): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => {
        const path = issue.path.map(String).join(".");
        const label = labels[path];
        const field = [prefix, path].filter(Boolean).join(".");
        return { field, message: label ? `${label}: ${issue.message}` : issue.message };
      }),
    );
  }
}

/** Parses `input` with `schema` or throws a ValidationError naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}

/** The thing asked for does not exist for this shop (or at all). */
export class NotFoundError extends UseCaseError {
  override name = "NotFoundError";
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found`);
  }
}

/** The fulfiller said no to the credentials (a wrong key or secret). Nothing was saved. */
export class CredentialsRejectedError extends UseCaseError {
  override name = "CredentialsRejectedError";
  constructor(
    readonly pluginTitle: string,
    readonly vendorMessage: string,
  ) {
    super(`${pluginTitle} rejected these credentials: ${vendorMessage}. Check the key and secret and try again.`);
  }
}

/** The fulfiller could not be reached or failed (5xx, timeout). Nothing was saved; try again later. */
export class FulfillerUnavailableError extends UseCaseError {
  override name = "FulfillerUnavailableError";
  constructor(
    readonly pluginTitle: string,
    readonly detail: string,
  ) {
    super(`${pluginTitle} could not be reached (${detail}). Nothing was saved; try again in a few minutes.`);
  }
}

/** The action does not fit the record's state (e.g. a deactivated connection as the default). */
export class ConflictError extends UseCaseError {
  override name = "ConflictError";
}

import type { FulfillmentStatus } from "./types";

/** Base of the domain's errors: a rule of the fulfillment domain said no. */
export class DomainError extends Error {
  override name = "DomainError";
}

export class IllegalTransitionError extends DomainError {
  override name = "IllegalTransitionError";
  constructor(
    readonly from: FulfillmentStatus,
    readonly to: FulfillmentStatus,
  ) {
    super(`A fulfillment cannot move from ${from} to ${to}.`);
  }
}

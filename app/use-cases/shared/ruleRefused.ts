// A request that is well-formed but breaks a rule (the status table, the coverage rules): nothing
// changed, and each broken rule is named with the field it concerns. The pull API answers 422.
import { IllegalTransitionError } from "~/fulfillment/errors";
import { UseCaseError } from "../errors";
import type { Tx } from "./timeline";
import { type TransitionInput, transitionFulfillment } from "./transition";

export interface RuleIssue {
  /** dotted path in the request, e.g. "lines.0.quantity"; "" for the request as a whole */
  field: string;
  /** machine-readable: OVER_COVERAGE, TRANSITION_NOT_ALLOWED, ... */
  code: string;
  message: string;
}

export class RuleRefusedError extends UseCaseError {
  override name = "RuleRefusedError";
  constructor(readonly issues: readonly RuleIssue[]) {
    super(issues.map((issue) => issue.message).join(" "));
  }
}

/** transitionFulfillment, with the table's refusal (e.g. a concurrent change) as a RuleRefusedError on `field`. */
export async function transitionOrRefuse(tx: Tx, input: TransitionInput, field = ""): Promise<void> {
  try {
    await transitionFulfillment(tx, input);
  } catch (error) {
    if (error instanceof IllegalTransitionError) {
      throw new RuleRefusedError([{ field, code: "TRANSITION_NOT_ALLOWED", message: error.message }]);
    }
    throw error;
  }
}

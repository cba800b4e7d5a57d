// The pull API's error body, one shape for every error answer.
import { z } from "zod";
import { shipmentView } from "~/use-cases/shared/pullViews";

export const ERROR_CODES = [
  "invalid_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "duplicate_shipment",
  "unprocessable",
  "rate_limited",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const fieldIssueSchema = z.object({
  field: z.string().describe('Dotted path in the request, e.g. "lines.0.quantity"; "" for the request as a whole'),
  message: z.string(),
  code: z.string().optional().describe("For broken rules: OVER_COVERAGE, UNKNOWN_LINE, TRANSITION_NOT_ALLOWED, ..."),
});

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    fields: z.array(fieldIssueSchema).optional(),
  }),
});

export const duplicateShipmentBodySchema = errorBodySchema.extend({
  shipment: shipmentView.describe("The shipment already recorded; nothing changed"),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;
export type FieldIssueBody = z.infer<typeof fieldIssueSchema>;

export function errorBody(code: ErrorCode, message: string, fields?: FieldIssueBody[]): ErrorBody {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

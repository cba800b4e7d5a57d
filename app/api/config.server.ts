// The pull API's settings from the environment, checked with zod.
//   CONSIGN_API_RATE_LIMIT  requests per minute per API key (default 120)
import { z } from "zod";

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

const schema = z.object({
  CONSIGN_API_RATE_LIMIT: z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number of requests per minute")
    .transform(Number)
    .pipe(z.number().int().min(1).max(100_000))
    .optional(),
});

export function apiRateLimitPerMinute(source: Readonly<Record<string, string | undefined>> = process.env): number {
  const parsed = schema.safeParse({ CONSIGN_API_RATE_LIMIT: source.CONSIGN_API_RATE_LIMIT || undefined });
  if (!parsed.success) {
    throw new Error(`Invalid environment: CONSIGN_API_RATE_LIMIT ${parsed.error.issues[0]?.message ?? "is invalid"}`);
  }
  return parsed.data.CONSIGN_API_RATE_LIMIT ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
}

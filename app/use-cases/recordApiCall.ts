// Every authenticated pull-API call is logged for the admin (the house's last calls and errors).
// Calls older than a week are pruned as new ones arrive, per connection (an indexed range delete).
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";

const KEEP_MS = 7 * 24 * 60 * 60_000;

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  apiKeyId: z.string().min(1),
  keyPrefix: z.string(),
  method: z.string().max(10),
  path: z.string().transform((p) => p.slice(0, 500)),
  status: z.number().int(),
  error: z
    .string()
    .nullable()
    .transform((e) => (e === null ? null : e.slice(0, 1000))),
  durationMs: z.number().int().min(0),
});

export type RecordApiCallInput = z.input<typeof inputSchema>;

export async function recordApiCall(ctx: AppContext, raw: RecordApiCallInput): Promise<void> {
  const input = parseInput(inputSchema, raw);
  const at = ctx.now();
  await ctx.db.apiCall.create({ data: { ...input, at } });
  await ctx.db.apiCall.deleteMany({
    where: { shopId: input.shopId, connectionId: input.connectionId, at: { lt: new Date(at.getTime() - KEEP_MS) } },
  });
}

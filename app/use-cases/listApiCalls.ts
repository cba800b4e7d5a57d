// A pull-type house's last API calls for the admin, newest first, and its last errors (4xx/5xx).
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  limit: z.number().int().min(1).max(200).default(50),
});

export type ListApiCallsInput = z.input<typeof inputSchema>;

export interface ApiCallView {
  id: string;
  at: string;
  keyPrefix: string;
  method: string;
  path: string;
  status: number;
  error: string | null;
  durationMs: number;
}

export interface ApiCallsView {
  calls: ApiCallView[];
  errors: ApiCallView[];
}

export async function listApiCalls(ctx: AppContext, raw: ListApiCallsInput): Promise<ApiCallsView> {
  const { shopId, connectionId, limit } = parseInput(inputSchema, raw);
  const where = { shopId, connectionId };
  const order = [{ at: "desc" as const }, { id: "desc" as const }];
  const [calls, errors] = await Promise.all([
    ctx.db.apiCall.findMany({ where, orderBy: order, take: limit }),
    ctx.db.apiCall.findMany({ where: { ...where, status: { gte: 400 } }, orderBy: order, take: limit }),
  ]);
  const view = (row: (typeof calls)[number]): ApiCallView => ({
    id: row.id,
    at: row.at.toISOString(),
    keyPrefix: row.keyPrefix,
    method: row.method,
    path: row.path,
    status: row.status,
    error: row.error,
    durationMs: row.durationMs,
  });
  return { calls: calls.map(view), errors: errors.map(view) };
}

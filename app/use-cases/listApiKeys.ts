// The API keys of one pull-type connection, newest first, for the admin (prefix, name, last use,
// revocation; never the key).
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { type ApiKeyView, apiKeyView } from "./shared/apiKeys";

const inputSchema = z.object({ shopId: z.string().min(1), connectionId: z.string().min(1) });

export type ListApiKeysInput = z.input<typeof inputSchema>;

export async function listApiKeys(ctx: AppContext, raw: ListApiKeysInput): Promise<ApiKeyView[]> {
  const { shopId, connectionId } = parseInput(inputSchema, raw);
  const rows = await ctx.db.apiKey.findMany({
    where: { shopId, connectionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(apiKeyView);
}

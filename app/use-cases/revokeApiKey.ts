// A merchant revokes a pull-API key: from the next request on it is refused (401). Revoking a
// revoked key changes nothing.
import { z } from "zod";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { type ApiKeyView, apiKeyView } from "./shared/apiKeys";

const inputSchema = z.object({ shopId: z.string().min(1), apiKeyId: z.string().min(1) });

export type RevokeApiKeyInput = z.input<typeof inputSchema>;

export async function revokeApiKey(ctx: AppContext, raw: RevokeApiKeyInput): Promise<ApiKeyView> {
  const { shopId, apiKeyId } = parseInput(inputSchema, raw);
  await ctx.db.apiKey.updateMany({ where: { id: apiKeyId, shopId, revokedAt: null }, data: { revokedAt: ctx.now() } });
  const row = await ctx.db.apiKey.findFirst({ where: { id: apiKeyId, shopId } });
  if (!row) throw new NotFoundError("API key", apiKeyId);
  return apiKeyView(row);
}

// app/scopes_update: the merchant granted or revoked access scopes. The stored sessions carry the
// scopes Shopify now reports, so the library's scope checks see the truth.
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";

const inputSchema = z.object({ shopDomain: z.string().min(1), scopes: z.array(z.string().min(1)) });

export async function updateShopScopes(
  ctx: AppContext,
  raw: z.input<typeof inputSchema>,
): Promise<{ sessionsUpdated: number }> {
  const { shopDomain, scopes } = parseInput(inputSchema, raw);
  const updated = await ctx.db.session.updateMany({ where: { shop: shopDomain }, data: { scope: scopes.join(",") } });
  return { sessionsUpdated: updated.count };
}

// Keeps a store's webhooks in place: hooks can be missing (a failed registration at install) or
// deactivated by BigCommerce after 48 hours of failed deliveries (notes/bigcommerce.md §4,
// "Retries"). One listing; only scopes without an active hook to our destination with our
// current headers are registered again (registerWebhooks creates or re-activates them).
import { z } from "zod";
import { CONSIGN_WEBHOOK_SCOPES } from "~/platforms/bigcommerce";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { isBigCommercePlatform } from "./shared/bigCommerce";
import { shopRefOf } from "./shared/shopRef";

const inputSchema = z.object({
  shopId: z.string().min(1),
  webhooks: z.object({ destination: z.url(), headers: z.record(z.string(), z.string()) }),
});

export async function ensureBigCommerceWebhooks(
  ctx: AppContext,
  raw: z.input<typeof inputSchema>,
): Promise<{ registered: string[] }> {
  const input = parseInput(inputSchema, raw);
  const shop = await ctx.db.shop.findFirst({ where: { id: input.shopId, platform: "BIGCOMMERCE", uninstalledAt: null } });
  if (!shop) throw new NotFoundError("BigCommerce store", input.shopId);
  const platform = ctx.platform("BIGCOMMERCE");
  if (!isBigCommercePlatform(platform)) throw new Error("The BIGCOMMERCE platform adapter cannot register webhooks");
  const ref = shopRefOf(shop);
  const sameHeaders = (h: Record<string, string> | null | undefined) =>
    Object.entries(input.webhooks.headers).every(([name, value]) =>
      Object.entries(h ?? {}).some(([k, v]) => k.toLowerCase() === name.toLowerCase() && v === value),
    );
  const hooks = await platform.listWebhooks(ref);
  const missing = CONSIGN_WEBHOOK_SCOPES.filter(
    (scope) =>
      !hooks.some((h) => h.scope === scope && h.destination === input.webhooks.destination && h.is_active !== false && sameHeaders(h.headers)),
  );
  if (missing.length > 0) await platform.registerWebhooks(ref, { ...input.webhooks, scopes: missing });
  return { registered: missing };
}

// The buyer says which seller product a variant ships as (issue 8), overriding the SKU match: a
// seller variant from the partner's catalog, "none" (the line is reported unassigned and refused,
// never guessed), or back to matching by SKU.
import { z } from "zod";
import type { AppContext } from "./context";
import { NotFoundError, parseInput, ValidationError } from "./errors";
import { partnerInfoOf, sellerCatalog } from "./shared/partnerLink";
import { partnershipOfShop } from "./shared/partners";

const inputSchema = z.object({
  shopId: z.string().min(1),
  partnershipId: z.string().min(1),
  buyerVariantId: z.string().trim().min(1, "Choose one of your variants"),
  buyerSku: z.string().trim().max(255).nullish(),
  /** a seller variant id; "none" for no match; "sku" to match by SKU again */
  sellerVariantId: z.string().trim().min(1, "Choose the partner's product, or none"),
});

export type SetPartnerVariantMatchInput = z.input<typeof inputSchema>;

export interface PartnerVariantMatchView {
  buyerVariantId: string;
  source: "SKU" | "MANUAL" | null;
  seller: { variantId: string; productId: string | null; sku: string | null; title: string | null } | null;
}

/** Pages of the seller's catalog read to find the chosen variant. */
const CATALOG_PAGES = 200;

export async function setPartnerVariantMatch(ctx: AppContext, raw: SetPartnerVariantMatchInput): Promise<PartnerVariantMatchView> {
  const input = parseInput(inputSchema, raw);
  const found = await partnershipOfShop(ctx.db, input.shopId, input.partnershipId);
  // only the buyer matches its own variants
  if (found?.role !== "BUYER") throw new NotFoundError("Partnership", input.partnershipId);
  const { partnership } = found;
  const key = { partnershipId_buyerVariantId: { partnershipId: partnership.id, buyerVariantId: input.buyerVariantId } };

  if (input.sellerVariantId === "sku") {
    await ctx.db.partnerVariantMatch.deleteMany({ where: { shopId: input.shopId, partnershipId: partnership.id, buyerVariantId: input.buyerVariantId } });
    return { buyerVariantId: input.buyerVariantId, source: null, seller: null };
  }
  let seller: PartnerVariantMatchView["seller"] = null;
  if (input.sellerVariantId !== "none") {
    const info = await partnerInfoOf(ctx, partnership);
    const variant = (await sellerCatalog(info, null, CATALOG_PAGES)).find((v) => v.variantId === input.sellerVariantId);
    if (!variant) {
      throw new ValidationError([{ field: "sellerVariantId", message: `${input.sellerVariantId} is not a product variant in the partner's store.` }]);
    }
    seller = { variantId: variant.variantId, productId: variant.productId, sku: variant.sku, title: variant.title };
  }
  const data = {
    buyerSku: input.buyerSku ?? null,
    sellerVariantId: seller?.variantId ?? null,
    sellerProductId: seller?.productId ?? null,
    sellerSku: seller?.sku ?? null,
    sellerTitle: seller?.title ?? null,
    source: "MANUAL",
  };
  await ctx.db.partnerVariantMatch.upsert({
    where: key,
    create: { shopId: input.shopId, partnershipId: partnership.id, buyerVariantId: input.buyerVariantId, ...data },
    update: data,
  });
  return { buyerVariantId: input.buyerVariantId, source: "MANUAL", seller };
}

// The buyer's partner products (issue 8): one page of the buyer's catalog, the variants whose
// orders go to this partnership's connection, each with the seller product it ships as (the
// buyer's choice, a SKU match found earlier, or what matching by SKU finds now), and the seller's
// catalog to choose from. A variant with no match is shown as unmatched: its order lines are
// refused with its name, never sent with a guess.
import { z } from "zod";
import { uniqueSkuMatch } from "~/fulfillment/partner-matching";
import type { AppContext } from "../context";
import { NotFoundError, parseInput } from "../errors";
import { partnerInfoOf, sellerCatalog } from "../shared/partnerLink";
import { partnershipOfShop, type PartnershipView, partnershipView } from "../shared/partners";
import { listProducts } from "./listProducts";

const inputSchema = z.object({
  shopId: z.string().min(1),
  partnershipId: z.string().min(1),
  cursor: z.string().min(1).max(2000).nullish(),
  query: z.string().trim().max(200).nullish(),
  /** search of the seller's catalog for the choices */
  sellerQuery: z.string().trim().max(200).nullish(),
});

export type ListPartnerProductsInput = z.input<typeof inputSchema>;

export type MatchState = "MANUAL" | "SKU" | "NONE" | "UNMATCHED" | "AMBIGUOUS";

export interface PartnerProductRow {
  productId: string;
  productTitle: string;
  variantId: string;
  title: string;
  sku: string | null;
  state: MatchState;
  seller: { variantId: string; sku: string | null; title: string | null } | null;
}

export interface PartnerProductsPage {
  partnership: PartnershipView;
  rows: PartnerProductRow[];
  nextCursor: string | null;
  /** the seller's variants to choose from (one search, at most a few pages) */
  sellerVariants: { variantId: string; sku: string | null; title: string | null }[];
}

const SELLER_PAGES = 4;

export async function listPartnerProducts(ctx: AppContext, raw: ListPartnerProductsInput): Promise<PartnerProductsPage> {
  const input = parseInput(inputSchema, raw);
  const found = await partnershipOfShop(ctx.db, input.shopId, input.partnershipId);
  if (found?.role !== "BUYER") throw new NotFoundError("Partnership", input.partnershipId);
  const { partnership } = found;
  const info = await partnerInfoOf(ctx, partnership);
  const seller = await ctx.db.shop.findFirst({ where: { id: partnership.sellerShopId } });

  const page = await listProducts(ctx, { shopId: input.shopId, cursor: input.cursor ?? null, query: input.query ?? null });
  const variants = page.items.flatMap((p) =>
    p.variants.filter((v) => v.fulfiller?.connectionId === partnership.connectionId).map((v) => ({ product: p, variant: v })),
  );
  const stored = new Map(
    (
      await ctx.db.partnerVariantMatch.findMany({
        where: { shopId: input.shopId, partnershipId: partnership.id, buyerVariantId: { in: variants.map((v) => v.variant.variantId) } },
      })
    ).map((m) => [m.buyerVariantId, m]),
  );
  const catalog = await sellerCatalog(info, input.sellerQuery || null, SELLER_PAGES);
  // SKU matching for the rows shown, over the whole seller catalog when the choices are a search
  const skuPool = input.sellerQuery ? await sellerCatalog(info, null, SELLER_PAGES * 5) : catalog;

  const rows = variants.map(({ product, variant }): PartnerProductRow => {
    const base = { productId: product.id, productTitle: product.title, variantId: variant.variantId, title: variant.title, sku: variant.sku };
    const row = stored.get(variant.variantId);
    if (row) {
      const seller = row.sellerVariantId ? { variantId: row.sellerVariantId, sku: row.sellerSku, title: row.sellerTitle } : null;
      return { ...base, state: row.source === "MANUAL" ? (seller ? "MANUAL" : "NONE") : "SKU", seller };
    }
    const verdict = uniqueSkuMatch(variant.sku, skuPool);
    if (verdict.kind === "match") {
      return { ...base, state: "SKU", seller: { variantId: verdict.variant.variantId, sku: verdict.variant.sku, title: verdict.variant.title } };
    }
    return { ...base, state: verdict.kind === "ambiguous" ? "AMBIGUOUS" : "UNMATCHED", seller: null };
  });
  return {
    partnership: partnershipView(partnership, "BUYER", seller),
    rows,
    nextCursor: page.nextCursor,
    sellerVariants: catalog.map((v) => ({ variantId: v.variantId, sku: v.sku, title: v.title })),
  };
}

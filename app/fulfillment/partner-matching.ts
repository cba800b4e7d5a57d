// Partner stores: which seller variant a buyer variant ships as, when the buyer has not said.
// By SKU, and only when it is certain: exactly one seller variant carries the same SKU (trimmed,
// case-insensitive). None, or several, is no match — a part with such a line is refused, never
// sent with a guess.

export interface CatalogVariant {
  variantId: string;
  productId: string | null;
  sku: string | null;
  title: string | null;
}

export type SkuMatch =
  | { kind: "match"; variant: CatalogVariant }
  | { kind: "none" }
  | { kind: "ambiguous"; variants: CatalogVariant[] };

export function normalizeSku(sku: string | null | undefined): string | null {
  const value = sku?.trim().toUpperCase();
  return value ? value : null;
}

export function uniqueSkuMatch(sku: string | null | undefined, candidates: readonly CatalogVariant[]): SkuMatch {
  const wanted = normalizeSku(sku);
  if (!wanted) return { kind: "none" };
  const seen = new Map<string, CatalogVariant>();
  for (const c of candidates) if (normalizeSku(c.sku) === wanted) seen.set(c.variantId, c);
  const found = [...seen.values()];
  if (found.length === 1) return { kind: "match", variant: found[0]! };
  return found.length === 0 ? { kind: "none" } : { kind: "ambiguous", variants: found };
}

// The Products page: one page of the store's products and variants from the buyer platform (its
// own cursor and search), each variant with the fulfiller its orders go to. Who that is comes from
// the domain's routing (variant, then product, then the shop default), over only this page's
// assignments (the (shopId, productId, variantId) unique index).
import { z } from "zod";
import { routeOrder } from "~/fulfillment/routing";
import type { AppContext } from "../context";
import { NotFoundError, parseInput } from "../errors";
import { platformOf, shopRefOf } from "../shared/shopRef";

const inputSchema = z.object({
  shopId: z.string().min(1),
  cursor: z.string().min(1).max(2000).nullish(),
  query: z.string().trim().max(200).nullish(),
});

export type ListProductsInput = z.input<typeof inputSchema>;

export type FulfillerSource = "variant" | "product" | "default" | "none";

export interface VariantRow {
  productId: string;
  variantId: string;
  title: string;
  sku: string | null;
  fulfiller: { connectionId: string; title: string } | null;
  /** where the fulfiller comes from: the variant's own assignment, the product's, or the shop default */
  source: FulfillerSource;
  /** an assignment that routing skips because its connection is deactivated */
  inactiveAssignment: string | null;
}

export interface ProductRow {
  id: string;
  title: string;
  variants: VariantRow[];
}

export interface ProductPage {
  items: ProductRow[];
  nextCursor: string | null;
  defaultConnection: { id: string; title: string } | null;
  connections: { id: string; title: string }[];
}

export async function listProducts(ctx: AppContext, raw: ListProductsInput): Promise<ProductPage> {
  const input = parseInput(inputSchema, raw);
  const shop = await ctx.db.shop.findFirst({
    where: { id: input.shopId },
    select: { id: true, platform: true, domain: true, defaultConnectionId: true },
  });
  if (!shop) throw new NotFoundError("Shop", input.shopId);

  const [page, connections] = await Promise.all([
    platformOf(ctx, shop).listProducts(shopRefOf(shop), input.cursor ?? null, input.query || null),
    ctx.db.connection.findMany({
      where: { shopId: shop.id },
      select: { id: true, title: true, active: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const assignments = page.items.length
    ? await ctx.db.assignment.findMany({
        where: { shopId: shop.id, productId: { in: page.items.map((p) => p.id) } },
        select: { productId: true, variantId: true, connectionId: true },
      })
    : [];

  const byId = new Map(connections.map((c) => [c.id, c]));
  const active = new Set(connections.filter((c) => c.active).map((c) => c.id));
  const lines = page.items.flatMap((p) =>
    p.variants.map((v) => ({ lineId: `${p.id}\u0000${v.id}`, productId: p.id, variantId: v.id, quantity: 1 })),
  );
  const routed = routeOrder({ lines, assignments, defaultConnectionId: shop.defaultConnectionId, activeConnectionIds: active });
  const fulfillerOf = new Map<string, string>();
  for (const part of routed.parts) for (const line of part.lines) fulfillerOf.set(line.lineId, part.connectionId);

  const items = page.items.map((p) => ({
    id: p.id,
    title: p.title,
    variants: p.variants.map((v): VariantRow => {
      const connectionId = fulfillerOf.get(`${p.id}\u0000${v.id}`) ?? null;
      const own = assignments.find((a) => a.productId === p.id && a.variantId === v.id);
      const whole = assignments.find((a) => a.productId === p.id && a.variantId === "");
      const source: FulfillerSource =
        connectionId === null
          ? "none"
          : own?.connectionId === connectionId
            ? "variant"
            : whole?.connectionId === connectionId
              ? "product"
              : "default";
      const skipped = [own, whole].find((a) => a && !active.has(a.connectionId));
      const connection = connectionId ? byId.get(connectionId) : undefined;
      return {
        productId: p.id,
        variantId: v.id,
        title: v.title,
        sku: v.sku,
        fulfiller: connection ? { connectionId: connection.id, title: connection.title } : null,
        source,
        inactiveAssignment: skipped ? (byId.get(skipped.connectionId)?.title ?? null) : null,
      };
    }),
  }));
  const fallback = shop.defaultConnectionId ? byId.get(shop.defaultConnectionId) : undefined;
  return {
    items,
    nextCursor: page.nextCursor,
    defaultConnection: fallback?.active ? { id: fallback.id, title: fallback.title } : null,
    connections: connections.filter((c) => c.active).map((c) => ({ id: c.id, title: c.title })),
  };
}

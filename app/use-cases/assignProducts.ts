// Products and variants → a connection, many at once; connectionId null unassigns them. A row
// without a variant stands for the whole product (Assignment.variantId "").
import { z } from "zod";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput } from "./errors";

const productRef = z.object({
  productId: z.string().trim().min(1, "productId is required"),
  variantId: z.string().trim().nullish(),
  sku: z.string().trim().nullish(),
});

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1).nullable(),
  products: z.array(productRef).min(1, "Choose at least one product").max(1000, "At most 1000 products at once"),
});

export type AssignProductsInput = z.input<typeof inputSchema>;

export interface AssignProductsResult {
  assigned: number;
  unassigned: number;
}

export async function assignProducts(ctx: AppContext, raw: AssignProductsInput): Promise<AssignProductsResult> {
  const { shopId, connectionId, products } = parseInput(inputSchema, raw);
  // The same product or variant listed twice counts once; a SKU given on either copy is kept.
  const unique = new Map<string, (typeof products)[number]>();
  for (const p of products) {
    const key = `${p.productId}\u0000${p.variantId ?? ""}`;
    const seen = unique.get(key);
    unique.set(key, { ...p, sku: p.sku ?? seen?.sku });
  }
  return ctx.db.$transaction(async (tx) => {
    if (connectionId === null) {
      let unassigned = 0;
      for (const p of unique.values()) {
        const deleted = await tx.assignment.deleteMany({
          where: { shopId, productId: p.productId, variantId: p.variantId ?? "" },
        });
        unassigned += deleted.count;
      }
      return { assigned: 0, unassigned };
    }
    const connection = await tx.connection.findFirst({ where: { id: connectionId, shopId }, select: { active: true, title: true } });
    if (!connection) throw new NotFoundError("Connection", connectionId);
    if (!connection.active) throw new ConflictError(`${connection.title} is deactivated; products cannot be assigned to it.`);
    for (const p of unique.values()) {
      const variantId = p.variantId ?? "";
      await tx.assignment.upsert({
        where: { shopId_productId_variantId: { shopId, productId: p.productId, variantId } },
        create: { shopId, productId: p.productId, variantId, sku: p.sku ?? null, connectionId },
        update: { connectionId, ...(p.sku !== undefined ? { sku: p.sku ?? null } : {}) },
      });
    }
    return { assigned: unique.size, unassigned: 0 };
  });
}

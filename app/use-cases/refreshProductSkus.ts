// products/update: a product's variants may have new SKUs. Variant assignments keep the SKU they
// were made with for display and matching; this brings it up to date. Orders keep the SKU they
// were placed with.
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";

const inputSchema = z.object({
  shopId: z.string().min(1),
  productId: z.string().min(1),
  variants: z.array(z.object({ variantId: z.string().min(1), sku: z.string().nullable() })),
});

export async function refreshProductSkus(
  ctx: AppContext,
  raw: z.input<typeof inputSchema>,
): Promise<{ assignmentsUpdated: number }> {
  const input = parseInput(inputSchema, raw);
  let assignmentsUpdated = 0;
  await ctx.db.$transaction(async (tx) => {
    for (const variant of input.variants) {
      const updated = await tx.assignment.updateMany({
        where: { shopId: input.shopId, productId: input.productId, variantId: variant.variantId },
        data: { sku: variant.sku },
      });
      assignmentsUpdated += updated.count;
    }
  });
  return { assignmentsUpdated };
}

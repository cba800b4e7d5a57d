// Products: the store's products and variants (searched and paged on the platform), each variant
// with its fulfiller, and assignment of one or many at once.
import { data } from "@remix-run/node";
import { z } from "zod";
import { assignProducts } from "~/use-cases/assignProducts";
import { listPartnerships } from "~/use-cases/queries/listPartnerships";
import { listProducts } from "~/use-cases/queries/listProducts";
import { attempt, invalidInput, load, ok, parseOr400, readBody, searchOf } from "../admin-route.server";
import type { AdminPage } from "./page.server";

const searchSchema = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(2000).optional(),
});

export async function productsData({ shop, ctx }: AdminPage, request: Request) {
  const search = parseOr400(searchSchema, searchOf(request));
  try {
    const page = await load(() => listProducts(ctx, { shopId: shop.id, cursor: search.cursor, query: search.q }));
    // partner stores (issue 8): where the variants that ship from a partner are matched to its products
    const partnerStores = (await listPartnerships(ctx, { shopId: shop.id })).asBuyer
      .filter((p) => p.status === "ACTIVE")
      .map((p) => ({ id: p.id, name: p.partner.name }));
    return { page, query: search.q ?? "", cursor: search.cursor ?? null, error: null, partnerStores };
  } catch (error) {
    if (error instanceof Response) throw error;
    // The store did not answer (down, throttled past our retries, token revoked): say so on the page.
    const message = error instanceof Error ? error.message : String(error);
    return data({ page: null, query: search.q ?? "", cursor: search.cursor ?? null, error: message }, { status: 503 });
  }
}

const assignSchema = z.object({
  connectionId: z.string().trim().transform((v) => (v === "" || v === "default" ? null : v)),
  items: z
    .array(z.object({ productId: z.string().min(1), variantId: z.string().min(1), sku: z.string().nullable().optional() }))
    .min(1, "Choose at least one variant")
    .max(1000, "At most 1000 variants at once"),
});

export async function assignProductsAction({ shop, ctx }: AdminPage, request: Request) {
  const body = await readBody(request);
  const parsed = assignSchema.safeParse(typeof body.items === "string" ? { ...body, items: safeJson(body.items) } : body);
  if (!parsed.success) return invalidInput(parsed.error);
  const { connectionId, items } = parsed.data;
  return attempt(async () => {
    const result = await assignProducts(ctx, { shopId: shop.id, connectionId, products: items });
    return connectionId
      ? ok(`${result.assigned} ${result.assigned === 1 ? "variant" : "variants"} assigned.`)
      : ok(`${result.unassigned} ${result.unassigned === 1 ? "assignment" : "assignments"} removed; the default applies.`);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

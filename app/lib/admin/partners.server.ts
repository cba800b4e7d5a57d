// Partners (issue 8): the stores that ship for this shop and those it ships for, the invitations it
// sent, and the partner orders of each partnership with what the buyer's store shows of each
// fulfillment; inviting, withdrawing an invitation, ending a partnership; the buyer's matching of
// its variants to the partner's products. Every read and write is scoped to this shop's own
// partnerships (a foreign one is a 404).
import { z } from "zod";
import { createPartnerInvitation } from "~/use-cases/createPartnerInvitation";
import { endPartnership } from "~/use-cases/endPartnership";
import { listPartnerOrders } from "~/use-cases/queries/listPartnerOrders";
import { listPartnerProducts } from "~/use-cases/queries/listPartnerProducts";
import { listPartnerships } from "~/use-cases/queries/listPartnerships";
import { revokePartnerInvitation } from "~/use-cases/revokePartnerInvitation";
import { setPartnerVariantMatch } from "~/use-cases/setPartnerVariantMatch";
import { attempt, invalidInput, load, ok, parseOr400, readBody, searchOf } from "../admin-route.server";
import type { AdminPage } from "./page.server";

const listSearch = z.object({ after: z.string().max(500).optional() });

export async function partnersData({ shop, ctx }: AdminPage, request: Request) {
  const search = parseOr400(listSearch, searchOf(request));
  const [overview, orders] = await Promise.all([
    load(() => listPartnerships(ctx, { shopId: shop.id })),
    // the Partner orders of the stores this shop ships for
    load(() => listPartnerOrders(ctx, { shopId: shop.id, role: "SELLER", after: search.after, limit: 25 })),
  ]);
  return { overview, orders };
}

const partnersIntent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    note: z.string().trim().max(100, "Keep the note under 100 characters").optional(),
    expiresInHours: z.coerce.number().int().min(1).max(720).default(72),
  }),
  z.object({ intent: z.literal("revoke"), invitationId: z.string().min(1) }),
  z.object({ intent: z.literal("end"), partnershipId: z.string().min(1) }),
]);

/** What an action of the Partners page did; `code` only right after an invitation was created. */
export interface PartnersDone {
  ok: true;
  message: string;
  code?: string;
  expiresAt?: string;
}

export async function partnersAction({ shop, ctx }: AdminPage, request: Request) {
  const parsed = partnersIntent.safeParse(await readBody(request));
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  return attempt(async (): Promise<PartnersDone> => {
    switch (input.intent) {
      case "invite": {
        const { code, invitation } = await createPartnerInvitation(ctx, { shopId: shop.id, note: input.note || undefined, expiresInHours: input.expiresInHours });
        return { ...ok("Invitation created. Give the code to your partner: it is shown only now, and works once."), code, expiresAt: invitation.expiresAt };
      }
      case "revoke":
        await revokePartnerInvitation(ctx, { shopId: shop.id, invitationId: input.invitationId });
        return ok("Invitation withdrawn; its code no longer works.");
      case "end":
        await endPartnership(ctx, { shopId: shop.id, partnershipId: input.partnershipId });
        return ok("Partnership ended. Orders already sent stay visible and keep syncing until they are done.");
    }
  });
}

export async function partnerData({ shop, ctx }: AdminPage, id: string | undefined, request: Request) {
  const search = parseOr400(listSearch, searchOf(request));
  const orders = await load(() => listPartnerOrders(ctx, { shopId: shop.id, partnershipId: id ?? "", after: search.after, limit: 25 }));
  const overview = await load(() => listPartnerships(ctx, { shopId: shop.id }));
  const partnership = [...overview.asBuyer, ...overview.asSeller].find((p) => p.id === id);
  // listPartnerOrders already refused a partnership that is not this shop's
  if (!partnership) throw new Response(`Partnership ${id} was not found`, { status: 404 });
  return { partnership, orders };
}

export async function partnerAction(page: AdminPage, id: string | undefined, request: Request) {
  const body = await readBody(request);
  if (body.intent !== "end") return invalidInput(new z.ZodError([{ code: "custom", path: ["intent"], message: 'must be "end"', input: body.intent }]));
  return attempt(async () => {
    await endPartnership(page.ctx, { shopId: page.shop.id, partnershipId: id ?? "" });
    return ok("Partnership ended. Orders already sent stay visible and keep syncing until they are done.");
  });
}

const productsSearch = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(2000).optional(),
  sellerQ: z.string().trim().max(200).optional(),
});

export async function partnerProductsData({ shop, ctx }: AdminPage, id: string | undefined, request: Request) {
  const search = parseOr400(productsSearch, searchOf(request));
  const page = await load(() =>
    listPartnerProducts(ctx, { shopId: shop.id, partnershipId: id ?? "", cursor: search.cursor, query: search.q, sellerQuery: search.sellerQ }),
  );
  return { page, query: search.q ?? "", sellerQuery: search.sellerQ ?? "" };
}

const matchSchema = z.object({
  buyerVariantId: z.string().trim().min(1, "Choose one of your variants"),
  buyerSku: z.string().trim().max(255).optional(),
  sellerVariantId: z.string().trim().min(1, "Choose the partner's product, or none"),
});

export async function partnerProductsAction({ shop, ctx }: AdminPage, id: string | undefined, request: Request) {
  const parsed = matchSchema.safeParse(await readBody(request));
  if (!parsed.success) return invalidInput(parsed.error);
  return attempt(async () => {
    const result = await setPartnerVariantMatch(ctx, { shopId: shop.id, partnershipId: id ?? "", ...parsed.data });
    if (result.source === null) return ok("Matched by SKU again.");
    return ok(result.seller ? `Ships as ${result.seller.title ?? result.seller.variantId}.` : "Marked as not sold by this partner: its order lines are refused.");
  });
}

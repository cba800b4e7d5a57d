// The Partners page (issue 8): the shop's partnerships on both sides — stores that ship for it
// (it is the buyer) and stores it ships for (it is the seller) — and the invitations it sent.
import { z } from "zod";
import type { AppContext } from "../context";
import { parseInput } from "../errors";
import { type InvitationView, invitationView, type PartnershipView, partnershipView } from "../shared/partners";

const inputSchema = z.object({ shopId: z.string().min(1) });

export interface PartnershipsOverview {
  /** partner stores that ship this shop's orders */
  asBuyer: PartnershipView[];
  /** stores whose orders this shop ships */
  asSeller: PartnershipView[];
  invitations: InvitationView[];
}

export async function listPartnerships(ctx: AppContext, raw: z.input<typeof inputSchema>): Promise<PartnershipsOverview> {
  const { shopId } = parseInput(inputSchema, raw);
  const [partnerships, invitations] = await Promise.all([
    ctx.db.partnership.findMany({
      where: { OR: [{ shopId }, { sellerShopId: shopId }] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    }),
    ctx.db.partnerInvitation.findMany({ where: { shopId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 50 }),
  ]);
  const others = await ctx.db.shop.findMany({
    where: { id: { in: partnerships.map((p) => (p.shopId === shopId ? p.sellerShopId : p.shopId)) } },
  });
  const byId = new Map(others.map((s) => [s.id, s]));
  const now = ctx.now();
  return {
    asBuyer: partnerships.filter((p) => p.shopId === shopId).map((p) => partnershipView(p, "BUYER", byId.get(p.sellerShopId) ?? null)),
    asSeller: partnerships.filter((p) => p.sellerShopId === shopId).map((p) => partnershipView(p, "SELLER", byId.get(p.shopId) ?? null)),
    invitations: invitations.map((i) => invitationView(i, now)),
  };
}

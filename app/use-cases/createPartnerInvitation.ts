// A seller invites a dropship partner's store (issue 8): a single-use code with an expiry, shown
// once in the answer and stored only as its hash. The buyer activates the "Partner store" plugin
// with it (acceptPartnerInvitation).
import { z } from "zod";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput } from "./errors";
import { hashInvitationCode, type InvitationView, invitationView, newInvitationCode } from "./shared/partners";

const inputSchema = z.object({
  shopId: z.string().min(1),
  note: z.string().trim().max(100, "Keep the note under 100 characters").optional(),
  /** how long the code works (default three days, at most 30) */
  expiresInHours: z.number().int().min(1, "At least one hour").max(720, "At most 30 days (720 hours)").default(72),
});

export type CreatePartnerInvitationInput = z.input<typeof inputSchema>;

export interface CreatedPartnerInvitation {
  invitation: InvitationView;
  /** the code itself: show it once; only its hash is kept */
  code: string;
}

export async function createPartnerInvitation(ctx: AppContext, raw: CreatePartnerInvitationInput): Promise<CreatedPartnerInvitation> {
  const input = parseInput(inputSchema, raw);
  const shop = await ctx.db.shop.findFirst({ where: { id: input.shopId }, select: { id: true, uninstalledAt: true } });
  if (!shop) throw new NotFoundError("Shop", input.shopId);
  if (shop.uninstalledAt) throw new ConflictError("This store has uninstalled Consign.");
  const now = ctx.now();
  const code = newInvitationCode();
  const invitation = await ctx.db.partnerInvitation.create({
    data: {
      shopId: shop.id,
      codeHash: hashInvitationCode(code),
      note: input.note || null,
      expiresAt: new Date(now.getTime() + input.expiresInHours * 3_600_000),
      createdAt: now,
    },
  });
  return { invitation: invitationView(invitation, now), code };
}

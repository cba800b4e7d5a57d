// A seller withdraws an invitation that has not been used: its code stops working.
import { z } from "zod";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput } from "./errors";
import { type InvitationView, invitationView } from "./shared/partners";

const inputSchema = z.object({ shopId: z.string().min(1), invitationId: z.string().min(1) });

export async function revokePartnerInvitation(ctx: AppContext, raw: z.input<typeof inputSchema>): Promise<InvitationView> {
  const input = parseInput(inputSchema, raw);
  const now = ctx.now();
  const changed = await ctx.db.partnerInvitation.updateMany({
    where: { id: input.invitationId, shopId: input.shopId, redeemedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  const invitation = await ctx.db.partnerInvitation.findFirst({ where: { id: input.invitationId, shopId: input.shopId } });
  if (!invitation) throw new NotFoundError("Invitation", input.invitationId);
  if (changed.count === 0 && invitation.redeemedAt) throw new ConflictError("This invitation has already been used; end the partnership instead.");
  return invitationView(invitation, now);
}

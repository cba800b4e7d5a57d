// The buyer activates the "Partner store" plugin with a seller's invitation code (issue 8): the
// code is checked (known by its hash, not used, not withdrawn, not expired, not the shop's own),
// then in one transaction it is marked used, the partner-store connection is created and the two
// shops are linked by a Partnership. A code works once, also when two tries race: the invitation
// is claimed by one conditional update. Bad input names the field and changes nothing.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { ActivateConnectionResult } from "./activateConnection";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput, ValidationError } from "./errors";
import { connectionView } from "./shared/connectionView";
import { sealCredentials } from "./shared/credentials";
import { PARTNER_STORE_KIND } from "./shared/partnerLink";
import { hashInvitationCode, invitationState, shopLabel } from "./shared/partners";
import { platformOf } from "./shared/shopRef";

const inputSchema = z.object({
  shopId: z.string().min(1),
  title: z.string().trim().min(1).max(100).optional(),
  credentials: z.unknown(),
});

export type AcceptPartnerInvitationInput = z.input<typeof inputSchema>;

export interface AcceptPartnerInvitationResult extends ActivateConnectionResult {
  partnershipId: string;
}

const FIELD = "credentials.invitationCode";

function refused(message: string): ValidationError {
  return new ValidationError([{ field: FIELD, message }]);
}

export async function acceptPartnerInvitation(ctx: AppContext, raw: AcceptPartnerInvitationInput): Promise<AcceptPartnerInvitationResult> {
  const input = parseInput(inputSchema, raw);
  const plugin = ctx.plugins.get(PARTNER_STORE_KIND);
  if (!plugin) throw new ValidationError([{ field: "kind", message: `There is no fulfiller of kind "${PARTNER_STORE_KIND}".` }]);
  const parsed = plugin.credentials.safeParse(input.credentials ?? {});
  if (!parsed.success) {
    const labels = Object.fromEntries(plugin.fields.map((f) => [f.name, f.label]));
    throw ValidationError.fromZod(parsed.error, "credentials", labels);
  }
  const code = z.object({ invitationCode: z.string() }).parse(parsed.data).invitationCode;

  const buyer = await ctx.db.shop.findFirst({ where: { id: input.shopId } });
  if (!buyer) throw new NotFoundError("Shop", input.shopId);
  const now = ctx.now();
  const invitation = await ctx.db.partnerInvitation.findUnique({ where: { codeHash: hashInvitationCode(code) } });
  if (!invitation) throw refused("This invitation code is not valid. Check it with your partner.");
  const state = invitationState(invitation, now);
  if (state === "REDEEMED") throw refused("This invitation code has already been used. Ask your partner for a new one.");
  if (state === "REVOKED") throw refused("Your partner withdrew this invitation. Ask them for a new one.");
  if (state === "EXPIRED") throw refused(`This invitation code expired on ${invitation.expiresAt.toISOString().slice(0, 10)}. Ask your partner for a new one.`);
  if (invitation.shopId === buyer.id) throw refused("This is your own store's invitation: give it to the partner store that should ship for you.");
  const seller = await ctx.db.shop.findFirst({ where: { id: invitation.shopId } });
  if (!seller || seller.uninstalledAt) throw refused("The store that sent this invitation no longer has Consign installed.");
  let takesOrders = false;
  try {
    takesOrders = Boolean(platformOf(ctx, seller).partnerOrders);
  } catch {
    // no adapter for that platform in this process
  }
  if (!takesOrders) throw refused(`${shopLabel(seller)} is on a platform that cannot take partner orders.`);

  const title = input.title ?? `Partner: ${shopLabel(seller)}`;
  const { connection, partnershipId } = await ctx.db.$transaction(async (tx) => {
    const open = await tx.partnership.findFirst({ where: { shopId: buyer.id, sellerShopId: seller.id, status: "ACTIVE" } });
    if (open) throw new ConflictError(`You already work with ${shopLabel(seller)} as a partner store (connection ${open.connectionId}).`);
    // one conditional update claims the code: a second try finds it used
    const claimed = await tx.partnerInvitation.updateMany({
      where: { id: invitation.id, redeemedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { redeemedAt: now, redeemedByShopId: buyer.id },
    });
    if (claimed.count !== 1) throw refused("This invitation code has already been used. Ask your partner for a new one.");
    const connection = await tx.connection.create({
      data: {
        shopId: buyer.id,
        kind: PARTNER_STORE_KIND,
        title,
        mode: plugin.mode,
        // the code is spent: the connection keeps only which invitation linked it
        credentialsEnc: sealCredentials(ctx, buyer.id, { invitationCode: `redeemed:${invitation.id}` }),
        webhookSecret: randomBytes(32).toString("base64url"),
      },
    });
    const partnership = await tx.partnership.create({
      data: { shopId: buyer.id, sellerShopId: seller.id, connectionId: connection.id, invitationId: invitation.id, createdAt: now },
    });
    return { connection, partnershipId: partnership.id };
  });
  return {
    connection: connectionView(ctx, connection, plugin, buyer.defaultConnectionId),
    // the seller's own store sends the webhooks; nothing to register for this connection
    webhooks: { subscribed: false, message: null },
    partnershipId,
  };
}

// Shared pieces of the partner-store use cases (issue 8): invitation codes (shown once, stored only
// as a SHA-256 hash), the views of partnerships and invitations, and finding a partnership that a
// shop is part of, on either side.
import { createHash, randomBytes } from "node:crypto";
import type { PartnerInvitation, Partnership, Shop } from "@prisma/client";
import type { Tx } from "./timeline";

const CODE_PREFIX = "cpi_";

/** A fresh invitation code: 24 random bytes, base64url (192 bits; guessing is hopeless). */
export function newInvitationCode(): string {
  return `${CODE_PREFIX}${randomBytes(24).toString("base64url")}`;
}

export function hashInvitationCode(code: string): string {
  return createHash("sha256").update(code.trim()).digest("hex");
}

export function shopLabel(shop: Pick<Shop, "name" | "domain">): string {
  return shop.name?.trim() || shop.domain;
}

export type InvitationState = "OPEN" | "REDEEMED" | "REVOKED" | "EXPIRED";

export interface InvitationView {
  id: string;
  note: string | null;
  state: InvitationState;
  createdAt: string;
  expiresAt: string;
  redeemedAt: string | null;
}

export function invitationState(invitation: Pick<PartnerInvitation, "redeemedAt" | "revokedAt" | "expiresAt">, now: Date): InvitationState {
  if (invitation.redeemedAt) return "REDEEMED";
  if (invitation.revokedAt) return "REVOKED";
  return invitation.expiresAt.getTime() <= now.getTime() ? "EXPIRED" : "OPEN";
}

export function invitationView(invitation: PartnerInvitation, now: Date): InvitationView {
  return {
    id: invitation.id,
    note: invitation.note,
    state: invitationState(invitation, now),
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    redeemedAt: invitation.redeemedAt?.toISOString() ?? null,
  };
}

export type PartnerRole = "BUYER" | "SELLER";

export interface PartnershipView {
  id: string;
  /** this shop's side of it */
  role: PartnerRole;
  status: "ACTIVE" | "ENDED";
  /** the other shop */
  partner: { name: string; platform: string; domain: string };
  /** the buyer's partner-store connection (shown to the buyer only) */
  connectionId: string | null;
  createdAt: string;
  endedAt: string | null;
  endedBy: PartnerRole | null;
}

export function partnershipView(
  p: Partnership,
  role: PartnerRole,
  other: Pick<Shop, "name" | "domain" | "platform"> | null,
): PartnershipView {
  return {
    id: p.id,
    role,
    status: p.status === "ENDED" ? "ENDED" : "ACTIVE",
    partner: other
      ? { name: shopLabel(other), platform: other.platform, domain: other.domain }
      : { name: "(a store that removed Consign)", platform: "", domain: "" },
    connectionId: role === "BUYER" ? p.connectionId : null,
    createdAt: p.createdAt.toISOString(),
    endedAt: p.endedAt?.toISOString() ?? null,
    endedBy: p.endedByShopId === null ? null : p.endedByShopId === p.shopId ? "BUYER" : "SELLER",
  };
}

/** The partnership, if this shop is its buyer or its seller; null otherwise (never another pair's). */
export async function partnershipOfShop(
  tx: Pick<Tx, "partnership">,
  shopId: string,
  partnershipId: string,
): Promise<{ partnership: Partnership; role: PartnerRole } | null> {
  const partnership = await tx.partnership.findFirst({
    where: { id: partnershipId, OR: [{ shopId }, { sellerShopId: shopId }] },
  });
  if (!partnership) return null;
  return { partnership, role: partnership.shopId === shopId ? "BUYER" : "SELLER" };
}

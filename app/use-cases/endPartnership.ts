// Either side ends a partnership (issue 8). New orders no longer go to the seller (the buyer's
// partner-store connection refuses them, and stops being the buyer's default fulfiller); orders
// already sent stay visible on both sides and keep syncing until they are done, unless the buyer
// cancels them.
import { z } from "zod";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { partnershipOfShop, type PartnershipView, partnershipView } from "./shared/partners";

const inputSchema = z.object({ shopId: z.string().min(1), partnershipId: z.string().min(1) });

export type EndPartnershipInput = z.input<typeof inputSchema>;

export async function endPartnership(ctx: AppContext, raw: EndPartnershipInput): Promise<PartnershipView> {
  const input = parseInput(inputSchema, raw);
  const now = ctx.now();
  return ctx.db.$transaction(async (tx) => {
    const found = await partnershipOfShop(tx, input.shopId, input.partnershipId);
    if (!found) throw new NotFoundError("Partnership", input.partnershipId);
    const { partnership, role } = found;
    if (partnership.status !== "ENDED") {
      await tx.partnership.updateMany({
        where: { id: partnership.id, status: "ACTIVE" },
        data: { status: "ENDED", endedAt: now, endedByShopId: input.shopId },
      });
      await tx.shop.updateMany({
        where: { id: partnership.shopId, defaultConnectionId: partnership.connectionId },
        data: { defaultConnectionId: null },
      });
    }
    const ended = await tx.partnership.findFirstOrThrow({ where: { id: partnership.id } });
    const other = await tx.shop.findFirst({ where: { id: role === "BUYER" ? ended.sellerShopId : ended.shopId } });
    return partnershipView(ended, role, other);
  });
}

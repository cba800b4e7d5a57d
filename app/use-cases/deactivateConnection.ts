// A merchant switches a fulfiller off: no new orders go to it. Its fulfillments are left as they
// are (still listed, still synced), and it stops being the shop's default.
import { z } from "zod";
import { OPEN_STATUSES } from "~/fulfillment/statuses";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { type ConnectionView, connectionView } from "./shared/connectionView";

const inputSchema = z.object({ shopId: z.string().min(1), connectionId: z.string().min(1) });

export type DeactivateConnectionInput = z.input<typeof inputSchema>;

export interface DeactivateConnectionResult {
  connection: ConnectionView;
  /** fulfillments of this connection that are still open (they stay visible) */
  openFulfillments: number;
}

export async function deactivateConnection(
  ctx: AppContext,
  raw: DeactivateConnectionInput,
): Promise<DeactivateConnectionResult> {
  const { shopId, connectionId } = parseInput(inputSchema, raw);
  const now = ctx.now();
  const connection = await ctx.db.$transaction(async (tx) => {
    const found = await tx.connection.findFirst({ where: { id: connectionId, shopId } });
    if (!found) throw new NotFoundError("Connection", connectionId);
    if (found.active) {
      await tx.connection.updateMany({
        where: { id: connectionId, shopId },
        data: { active: false, deactivatedAt: now },
      });
    }
    await tx.shop.updateMany({ where: { id: shopId, defaultConnectionId: connectionId }, data: { defaultConnectionId: null } });
    return tx.connection.findFirstOrThrow({ where: { id: connectionId, shopId } });
  });
  const [openFulfillments, shop] = await Promise.all([
    ctx.db.fulfillment.count({ where: { shopId, connectionId, status: { in: [...OPEN_STATUSES] } } }),
    ctx.db.shop.findFirst({ where: { id: shopId }, select: { defaultConnectionId: true } }),
  ]);
  return {
    connection: connectionView(ctx, connection, ctx.plugins.get(connection.kind), shop?.defaultConnectionId ?? null),
    openFulfillments,
  };
}

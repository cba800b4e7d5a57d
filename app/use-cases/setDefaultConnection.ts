// "Assign to all products": the connection that receives every product without an assignment of
// its own (Shop.defaultConnectionId). null clears it.
import { z } from "zod";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput } from "./errors";

const inputSchema = z.object({ shopId: z.string().min(1), connectionId: z.string().min(1).nullable() });

export type SetDefaultConnectionInput = z.input<typeof inputSchema>;

export async function setDefaultConnection(
  ctx: AppContext,
  raw: SetDefaultConnectionInput,
): Promise<{ defaultConnectionId: string | null }> {
  const { shopId, connectionId } = parseInput(inputSchema, raw);
  return ctx.db.$transaction(async (tx) => {
    if (connectionId) {
      const connection = await tx.connection.findFirst({ where: { id: connectionId, shopId }, select: { active: true, title: true } });
      if (!connection) throw new NotFoundError("Connection", connectionId);
      if (!connection.active) {
        throw new ConflictError(`${connection.title} is deactivated; activate it before assigning all products to it.`);
      }
    }
    const updated = await tx.shop.updateMany({ where: { id: shopId }, data: { defaultConnectionId: connectionId } });
    if (updated.count !== 1) throw new NotFoundError("Shop", shopId);
    return { defaultConnectionId: connectionId };
  });
}

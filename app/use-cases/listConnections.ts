// The shop's connections for the admin: masked credentials, default flag, assignment counts.
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import { type ConnectionView, connectionView } from "./shared/connectionView";

const inputSchema = z.object({ shopId: z.string().min(1), includeInactive: z.boolean().default(true) });

export type ListConnectionsInput = z.input<typeof inputSchema>;

export interface ConnectionListItem extends ConnectionView {
  assignedProducts: number;
  pluginTitle: string | null;
}

export async function listConnections(ctx: AppContext, raw: ListConnectionsInput): Promise<ConnectionListItem[]> {
  const { shopId, includeInactive } = parseInput(inputSchema, raw);
  const [connections, shop, counts] = await Promise.all([
    ctx.db.connection.findMany({
      where: { shopId, ...(includeInactive ? {} : { active: true }) },
      orderBy: [{ active: "desc" }, { createdAt: "asc" }],
    }),
    ctx.db.shop.findFirst({ where: { id: shopId }, select: { defaultConnectionId: true } }),
    ctx.db.assignment.groupBy({ by: ["connectionId"], where: { shopId }, _count: { _all: true } }),
  ]);
  const assigned = new Map(counts.map((c) => [c.connectionId, c._count._all]));
  return connections.map((c) => {
    const plugin = ctx.plugins.get(c.kind);
    return {
      ...connectionView(ctx, c, plugin, shop?.defaultConnectionId ?? null),
      assignedProducts: assigned.get(c.id) ?? 0,
      pluginTitle: plugin?.title ?? null,
    };
  });
}

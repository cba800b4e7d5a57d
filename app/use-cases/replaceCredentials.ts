// New credentials for an existing connection, with the same checks as activation: the form,
// then a live verify. A wrong key leaves the stored credentials as they were.
import { z } from "zod";
import type { AppContext } from "./context";
import { NotFoundError, parseInput } from "./errors";
import { checkCredentials } from "./shared/checkCredentials";
import { pluginFor } from "./shared/connectionClient";
import { type ConnectionView, connectionView } from "./shared/connectionView";
import { sealCredentials } from "./shared/credentials";

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  credentials: z.unknown(),
});

export type ReplaceCredentialsInput = z.input<typeof inputSchema>;

export async function replaceCredentials(
  ctx: AppContext,
  raw: ReplaceCredentialsInput,
): Promise<{ connection: ConnectionView }> {
  const input = parseInput(inputSchema, raw);
  const existing = await ctx.db.connection.findFirst({ where: { id: input.connectionId, shopId: input.shopId } });
  if (!existing) throw new NotFoundError("Connection", input.connectionId);
  const plugin = pluginFor(ctx, existing.kind);
  const { credentials } = await checkCredentials(
    ctx,
    plugin,
    { id: existing.id, shopId: existing.shopId, webhookSecret: existing.webhookSecret ?? "" },
    input.credentials,
  );
  await ctx.db.connection.updateMany({
    where: { id: existing.id, shopId: input.shopId },
    data: { credentialsEnc: sealCredentials(ctx, input.shopId, credentials) },
  });
  const [connection, shop] = await Promise.all([
    ctx.db.connection.findFirstOrThrow({ where: { id: existing.id, shopId: input.shopId } }),
    ctx.db.shop.findFirst({ where: { id: input.shopId }, select: { defaultConnectionId: true } }),
  ]);
  return { connection: connectionView(ctx, connection, plugin, shop?.defaultConnectionId ?? null) };
}

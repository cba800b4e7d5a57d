// The live client of a stored connection: decrypts its credentials, re-checks them against the
// plugin's schema and lets the plugin connect with the context's fetch, clock and base URLs.
import type { Connection } from "@prisma/client";
import type { FulfillmentPlugin, PluginConnection } from "~/plugins/port";
import { type AppContext, pluginContextFor } from "../context";
import { NotFoundError, UseCaseError } from "../errors";
import { openCredentials } from "./credentials";
import { PARTNER_STORE_KIND, partnerLinkFor } from "./partnerLink";

export type StoredConnection = Pick<Connection, "id" | "shopId" | "kind" | "credentialsEnc" | "webhookSecret">;

export function pluginFor(ctx: AppContext, kind: string): FulfillmentPlugin<unknown> {
  const plugin = ctx.plugins.get(kind);
  if (!plugin) throw new NotFoundError("Fulfiller plugin", kind);
  return plugin;
}

export function connectionClient(ctx: AppContext, connection: StoredConnection): PluginConnection {
  const plugin = pluginFor(ctx, connection.kind);
  const parsed = plugin.credentials.safeParse(openCredentials(ctx, connection));
  if (!parsed.success) {
    throw new UseCaseError(
      `The stored credentials of connection ${connection.id} no longer fit ${plugin.title}'s form; enter them again.`,
    );
  }
  const pluginCtx = pluginContextFor(ctx, connection);
  // Partner stores: the seller store behind the connection, scoped to its partnership (issue 8).
  if (connection.kind === PARTNER_STORE_KIND) pluginCtx.partner = partnerLinkFor(ctx, connection);
  return plugin.connect(parsed.data, pluginCtx);
}

/** Loads a connection of this shop (active or not) and returns it with its client. */
export async function loadConnectionClient(
  ctx: AppContext,
  shopId: string,
  connectionId: string,
): Promise<{ connection: Connection; client: PluginConnection }> {
  const connection = await ctx.db.connection.findFirst({ where: { id: connectionId, shopId } });
  if (!connection) throw new NotFoundError("Connection", connectionId);
  return { connection, client: connectionClient(ctx, connection) };
}

// The checks credentials pass before they are stored: the plugin's schema (errors named by
// field), then a live `verify` at the fulfiller. Any failure throws, so nothing is saved.
import { PluginUnavailableError } from "~/plugins/errors";
import type { FulfillmentPlugin, PluginConnection } from "~/plugins/port";
import { type AppContext, pluginContextFor } from "../context";
import { CredentialsRejectedError, FulfillerUnavailableError, ValidationError } from "../errors";

export interface CheckedCredentials {
  credentials: unknown;
  client: PluginConnection;
}

export async function checkCredentials(
  ctx: AppContext,
  plugin: FulfillmentPlugin<unknown>,
  connection: { id: string; shopId: string; webhookSecret: string },
  raw: unknown,
): Promise<CheckedCredentials> {
  const parsed = plugin.credentials.safeParse(raw ?? {});
  if (!parsed.success) {
    const labels = Object.fromEntries(plugin.fields.map((f) => [f.name, f.label]));
    throw ValidationError.fromZod(parsed.error, "credentials", labels);
  }
  const client = plugin.connect(parsed.data, pluginContextFor(ctx, { ...connection, kind: plugin.kind }));
  try {
    await client.verify();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PluginUnavailableError) throw new FulfillerUnavailableError(plugin.title, message);
    // PluginAuthError, PluginRejectedError or anything else: verify said no.
    throw new CredentialsRejectedError(plugin.title, message);
  }
  return { credentials: parsed.data, client };
}

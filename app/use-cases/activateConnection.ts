// A merchant activates a fulfiller: the credentials are checked against the plugin's form,
// then live at the fulfiller (a wrong key saves nothing), stored encrypted, and given a
// per-connection webhook secret. Where the fulfiller has webhooks, they are registered last;
// if that fails the connection still works by polling, and the result says why.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { AppContext } from "./context";
import { NotFoundError, parseInput, ValidationError } from "./errors";
import { acceptPartnerInvitation } from "./acceptPartnerInvitation";
import { checkCredentials } from "./shared/checkCredentials";
import { connectionClient } from "./shared/connectionClient";
import { type ConnectionView, connectionView } from "./shared/connectionView";
import { sealCredentials } from "./shared/credentials";
import { PARTNER_STORE_KIND } from "./shared/partnerLink";

const inputSchema = z.object({
  shopId: z.string().min(1),
  kind: z.string().min(1),
  title: z.string().trim().min(1).max(100).optional(),
  credentials: z.unknown(),
});

export type ActivateConnectionInput = z.input<typeof inputSchema>;

export interface WebhookSetup {
  subscribed: boolean;
  message: string | null;
}

export interface ActivateConnectionResult {
  connection: ConnectionView;
  webhooks: WebhookSetup;
}

export function newWebhookSecret(): string {
  return randomBytes(32).toString("base64url");
}

export async function activateConnection(
  ctx: AppContext,
  raw: ActivateConnectionInput,
): Promise<ActivateConnectionResult> {
  const input = parseInput(inputSchema, raw);
  // A partner store is linked by the seller's invitation code, not by credentials (issue 8).
  if (input.kind === PARTNER_STORE_KIND) return acceptPartnerInvitation(ctx, input);
  const shop = await ctx.db.shop.findFirst({ where: { id: input.shopId }, select: { defaultConnectionId: true } });
  if (!shop) throw new NotFoundError("Shop", input.shopId);
  const plugin = ctx.plugins.get(input.kind);
  if (!plugin) throw new ValidationError([{ field: "kind", message: `There is no fulfiller of kind "${input.kind}".` }]);

  const webhookSecret = newWebhookSecret();
  const { credentials } = await checkCredentials(
    ctx,
    plugin,
    { id: "unsaved", shopId: input.shopId, webhookSecret },
    input.credentials,
  );

  const connection = await ctx.db.connection.create({
    data: {
      shopId: input.shopId,
      kind: plugin.kind,
      title: input.title ?? plugin.title,
      mode: plugin.mode,
      credentialsEnc: sealCredentials(ctx, input.shopId, credentials),
      webhookSecret,
    },
  });
  return {
    connection: connectionView(ctx, connection, plugin, shop.defaultConnectionId),
    webhooks: await subscribeWebhooks(ctx, connection),
  };
}

/** Registers the connection's webhooks where its plugin has them; a failure is reported, not thrown. */
export async function subscribeWebhooks(
  ctx: AppContext,
  connection: Parameters<typeof connectionClient>[1],
): Promise<WebhookSetup> {
  const client = connectionClient(ctx, connection);
  if (!client.subscribeWebhooks) return { subscribed: false, message: null };
  try {
    await client.subscribeWebhooks();
    return { subscribed: true, message: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      subscribed: false,
      message: `Webhooks could not be registered (${reason}); shipments will still arrive by the regular sync.`,
    };
  }
}

// ShipBob (dated API 2026-01) as a push fulfiller: orders go out by POST /order with our
// fulfillment id as reference_id; shipments come back by the tracking poll and by signed webhooks.
// The base URL is not a credential: PluginContext.baseUrl (sandbox, tests) or ShipBob's own.
import { z } from "zod";
import { credentialFields } from "../catalog";
import { PluginAuthError, PluginError } from "../errors";
import type { FulfillmentPlugin, PluginConnection, PluginContext } from "../port";
import { ShipBobHttp, type ShipBobHttpOptions } from "./http";
import { cancelOrder, submitOrder } from "./orders";
import { channelListSchema, webhookCreatedSchema, webhookListSchema } from "./schemas";
import { acknowledge, type SyncOptions, shipmentsSince } from "./sync";
import { handleWebhook, signingSecret, WEBHOOK_TOPICS, webhookTargetUrl } from "./webhook";

export const SHIPBOB_BASE_URL = "https://api.shipbob.com";
export const SHIPBOB_API_VERSION = "2026-01";

export const shipbobCredentials = z.object({
  personalAccessToken: z
    .string()
    .trim()
    .min(1, "Enter the personal access token")
    .describe("Personal access token")
    .meta({ secret: true, helpText: "ShipBob → Integrations → API Tokens. It is sent as a bearer token." }),
  channelId: z
    .string()
    .trim()
    .regex(/^\d{1,10}$/, "The channel ID is a number")
    .describe("Channel ID")
    .meta({
      secret: false,
      helpText: "The channel with orders_write access (GET /channel); sent as the shipbob_channel_id header.",
    }),
});
export type ShipBobCredentials = z.infer<typeof shipbobCredentials>;

export interface ShipBobPluginOptions
  extends Pick<ShipBobHttpOptions, "timeoutMs" | "maxAttempts" | "retryBaseMs" | "maxThrottleWaits" | "rateLimit">,
    SyncOptions {
  apiVersion: string;
}

export const defaultShipBobOptions: ShipBobPluginOptions = {
  apiVersion: SHIPBOB_API_VERSION,
  timeoutMs: 30_000,
  maxAttempts: 4,
  retryBaseMs: 500,
  maxThrottleWaits: 30,
  rateLimit: { limit: 150, windowMs: 60_000 },
  firstPollLookbackMs: 7 * 24 * 3600_000,
  overlapMs: 60_000,
  maxPages: 20,
};

const logo =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="40" height="40"><path d="M12 2 3 7v10l9 5 9-5V7z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><path d="M3 7l9 5 9-5M12 12v10" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/></svg>';

/**
 * The port's connection with the optional parts ShipBob has (acknowledge, webhooks) present, plus
 * what the webhook set-up uses. shipmentsOfOrder is for partner stores, not fulfillment houses.
 */
export type ShipBobConnection = Required<Omit<PluginConnection, "shipmentsOfOrder">> & {
  /** where ShipBob posts this connection's webhooks */
  webhookTarget(): string;
  /** the whsec_ secret ShipBob signs them with */
  webhookSigningSecret(): string;
};

export type ShipBobPlugin = Omit<FulfillmentPlugin<ShipBobCredentials>, "connect"> & {
  connect(credentials: ShipBobCredentials, ctx: PluginContext): ShipBobConnection;
};

function connect(credentials: ShipBobCredentials, ctx: PluginContext, options: ShipBobPluginOptions): ShipBobConnection {
  const http = new ShipBobHttp({
    ...options,
    baseUrl: ctx.baseUrl ?? SHIPBOB_BASE_URL,
    token: credentials.personalAccessToken,
    channelId: credentials.channelId,
    fetch: ctx.fetch,
    sleep: ctx.sleep,
    now: ctx.now,
  });
  const target = () => webhookTargetUrl(ctx.appUrl, ctx.connectionId);
  // The connection's own webhook secret when it has one, else one derived from the token.
  const secret = () => signingSecret(ctx.webhookSecret || credentials.personalAccessToken);

  async function ourSubscriptions(): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const list: z.infer<typeof webhookListSchema> = await http.get("webhook", { RecordsPerPage: 250, Cursor: cursor }, webhookListSchema);
      ids.push(...(list.items ?? []).filter((w) => w.url === target()).map((w) => w.id));
      cursor = list.next ? (new URL(list.next, "https://x.invalid").searchParams.get("Cursor") ?? null) : null;
      if (!cursor) break;
    }
    return ids;
  }

  return {
    async verify() {
      // a cheap authenticated read; the channel must be one this token may write orders with
      const { items } = await http.get("channel", { RecordsPerPage: 50 }, channelListSchema);
      const channel = (items ?? []).find((c) => String(c.id) === credentials.channelId);
      if (!channel) {
        const known = (items ?? []).map((c) => `${c.id}${c.name ? ` (${c.name})` : ""}`).join(", ") || "none";
        throw new PluginAuthError(
          `Channel ${credentials.channelId} is not one of this token's ShipBob channels (${known}).`,
          null,
        );
      }
      if (channel.scopes && !channel.scopes.includes("orders_write")) {
        throw new PluginAuthError(`ShipBob channel ${channel.id} cannot create orders (no orders_write scope).`, null);
      }
    },
    submit: (part) => submitOrder(http, part),
    shipmentsSince: (cursor) => shipmentsSince(http, credentials.channelId, cursor, ctx.now(), options),
    acknowledge: (shipments) => acknowledge(http, shipments),
    cancel: (ref) => cancelOrder(http, ref),
    webhook: (request) => handleWebhook(http, secret(), credentials.channelId, request, ctx.now()),
    async subscribeWebhooks() {
      if (!ctx.appUrl) throw new PluginError("No public app URL to receive ShipBob webhooks at.", false);
      // one subscription per target, made afresh so ShipBob signs with the secret we expect
      for (const id of await ourSubscriptions()) await http.delete(`webhook/${encodeURIComponent(id)}`);
      await http.post(
        "webhook",
        {
          topics: WEBHOOK_TOPICS,
          url: target(),
          secret: secret(),
          description: `Consign connection ${ctx.connectionId}`,
        },
        webhookCreatedSchema,
      );
    },
    async unsubscribeWebhooks() {
      for (const id of await ourSubscriptions()) await http.delete(`webhook/${encodeURIComponent(id)}`);
    },
    webhookTarget: target,
    webhookSigningSecret: secret,
  };
}

export function createShipBobPlugin(overrides: Partial<ShipBobPluginOptions> = {}): ShipBobPlugin {
  const options = { ...defaultShipBobOptions, ...overrides };
  return {
    kind: "shipbob",
    title: "ShipBob",
    description:
      "Send orders to ShipBob's fulfillment centers. Tracking comes back from ShipBob's shipments, by signed webhooks within seconds and by a regular poll.",
    logo,
    mode: "push",
    credentials: shipbobCredentials,
    fields: credentialFields(shipbobCredentials),
    connect: (credentials, ctx) => connect(credentials, ctx, options),
  };
}

export const shipbobPlugin = createShipBobPlugin();

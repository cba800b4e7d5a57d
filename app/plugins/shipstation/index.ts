// ShipStation (API V1, "ssapi"): orders are upserted by orderKey = our fulfillment id, shipments
// come from labels (/shipments), orders marked shipped (/fulfillments) and SHIP_NOTIFY webhooks.
// Source: reference/notes/fulfillers-and-carriers.md §1.
import { z } from "zod";
import { credentialFields } from "../catalog";
import { PluginError, PluginRejectedError } from "../errors";
import type { FulfillmentPlugin, PluginConnection, PluginContext } from "../port";
import { ShipStationHttp } from "./http";
import { orderBody } from "./mapping";
import { orderSchema, tagListSchema, webhookListSchema } from "./schemas";
import { shipmentsSince, type SyncOptions } from "./sync";
import { handleShipNotify, webhookTargetUrl } from "./webhook";

export const SHIPSTATION_BASE_URL = "https://ssapi.shipstation.com";

const credentials = z.object({
  apiKey: z
    .string()
    .trim()
    .min(1, "Enter the API key")
    .describe("API Key")
    .meta({ secret: false, helpText: "In ShipStation: Settings → Account → API Settings." }),
  apiSecret: z.string().trim().min(1, "Enter the API secret").describe("API Secret").meta({ secret: true }),
});
export type ShipStationCredentials = z.infer<typeof credentials>;

export interface ShipStationPluginOptions extends SyncOptions {
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  maxThrottleWaits: number;
}

const defaults: ShipStationPluginOptions = {
  timeoutMs: 30_000,
  maxAttempts: 3,
  retryBaseMs: 500,
  maxThrottleWaits: 10,
  pageSize: 500, // the documented maximum
  maxPagesPerCall: 20,
  overlapMs: 10 * 60_000,
  initialLookbackMs: 3 * 24 * 60 * 60_000,
};

const logo =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="40" height="40"><circle cx="12" cy="12" r="11" fill="#84c225"/><path d="M7 12.5l3 3 7-7" fill="none" stroke="#fff" stroke-width="2.4"/></svg>';

function connect(opts: ShipStationPluginOptions, creds: ShipStationCredentials, ctx: PluginContext): PluginConnection {
  const http = new ShipStationHttp({
    baseUrl: ctx.baseUrl ?? SHIPSTATION_BASE_URL,
    apiKey: creds.apiKey,
    apiSecret: creds.apiSecret,
    fetch: ctx.fetch,
    sleep: ctx.sleep,
    now: ctx.now,
    timeoutMs: opts.timeoutMs,
    maxAttempts: opts.maxAttempts,
    retryBaseMs: opts.retryBaseMs,
    maxThrottleWaits: opts.maxThrottleWaits,
  });
  const target = () => {
    if (!ctx.webhookSecret) throw new PluginError("This connection has no webhook secret.", false);
    return webhookTargetUrl(ctx.appUrl, ctx.connectionId, ctx.webhookSecret);
  };
  const ourHooks = async () => {
    const prefix = target().split("?")[0];
    const { webhooks } = await http.get(http.url("webhooks"), webhookListSchema);
    return webhooks.filter((w) => w.HookType === "SHIP_NOTIFY" && w.Url.split("?")[0] === prefix);
  };

  return {
    // A cheap documented read: 401 means the key or secret is wrong.
    async verify() {
      await http.get(http.url("accounts/listtags"), tagListSchema);
    },

    async submit(part) {
      // Test orders go on hold so that nobody ships them.
      const status = part.test ? "on_hold" : "awaiting_shipment";
      const order = await http.post(http.url("orders/createorder"), orderBody(part, status), orderSchema);
      return { clientFulfillmentId: String(order.orderId) };
    },

    shipmentsSince(cursor) {
      return shipmentsSince(http, opts, ctx.now(), cursor);
    },

    // V1 has no cancel call: re-post the whole order with orderStatus "cancelled" (notes §1
    // "Cancelling in V1"). Only open orders can be updated, so a shipped order is refused.
    async cancel(ref) {
      if (!ref.clientFulfillmentId) return; // ShipStation never accepted it
      let order: z.infer<typeof orderSchema>;
      try {
        order = await http.get(http.url(`orders/${encodeURIComponent(ref.clientFulfillmentId)}`), orderSchema);
      } catch (error) {
        if (error instanceof PluginRejectedError && error.status === 404) return;
        throw error;
      }
      if (order.orderKey && order.orderKey !== ref.fulfillmentId) {
        throw new PluginRejectedError(
          `ShipStation order ${order.orderId} belongs to ${order.orderKey}, not to ${ref.fulfillmentId}; not cancelled.`,
        );
      }
      if (order.orderStatus === "cancelled") return;
      if (order.orderStatus === "shipped") {
        throw new PluginRejectedError(
          `ShipStation order ${order.orderNumber} has already shipped and cannot be cancelled; void its label in ShipStation.`,
        );
      }
      await http.post(http.url("orders/createorder"), { ...order, orderStatus: "cancelled" }, orderSchema);
    },

    webhook(request) {
      return handleShipNotify(http, ctx.webhookSecret, request);
    },

    async subscribeWebhooks() {
      if ((await ourHooks()).length) return;
      await http.post(
        http.url("webhooks/subscribe"),
        { target_url: target(), event: "SHIP_NOTIFY", store_id: null, friendly_name: "Consign shipments" },
        z.unknown(),
      );
    },

    async unsubscribeWebhooks() {
      for (const hook of await ourHooks()) await http.delete(http.url(`webhooks/${hook.WebHookID}`));
    },
  };
}

export function createShipStationPlugin(
  options: Partial<ShipStationPluginOptions> = {},
): FulfillmentPlugin<ShipStationCredentials> {
  const opts = { ...defaults, ...options };
  return {
    kind: "shipstation",
    title: "ShipStation",
    description:
      "Send orders to a warehouse that ships with ShipStation. Tracking numbers come back from its labels, from orders marked shipped, and from its SHIP_NOTIFY webhook.",
    logo,
    mode: "push",
    credentials,
    fields: credentialFields(credentials),
    connect: (creds, ctx) => connect(opts, creds, ctx),
  };
}

export const shipstationPlugin = createShipStationPlugin();

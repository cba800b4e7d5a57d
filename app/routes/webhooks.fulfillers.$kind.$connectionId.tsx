// POST /webhooks/fulfillers/<kind>/<connectionId>: a fulfiller's webhook (ShipStation's
// SHIP_NOTIFY, ShipBob's order.shipped and shipment topics). The plugin verifies it (a secret in
// the URL for ShipStation, whose webhooks are unsigned; ShipBob's signature) and fetches what it
// announces; the shipments then take the same path as the 15-minute poll (syncFromWebhook), and
// their pushes go out at once, so most shipments reach the store within seconds.
import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "~/lib/app-context.server";
import { PluginError, PluginWebhookRejectedError } from "~/plugins/errors";
import { NotFoundError } from "~/use-cases/errors";
import { pushShipments } from "~/use-cases/pushShipments";
import { syncFromWebhook } from "~/use-cases/syncFromWebhook";

export const loader = () => new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return loader();
  const ctx = appContext({ actor: `fulfiller:${params.kind}` });
  const connection = await ctx.db.connection.findUnique({ where: { id: params.connectionId ?? "" }, select: { kind: true } });
  // An unknown connection, or one of another kind, gets the same answer: nothing to learn here.
  if (!connection || connection.kind !== params.kind) return new Response("Not Found", { status: 404 });
  try {
    const { shopId, tally } = await syncFromWebhook(ctx, { connectionId: params.connectionId!, request });
    void pushShipments(ctx, { shopId }).catch((error: unknown) => console.error(`[webhook ${params.kind}] push: ${String(error)}`));
    return Response.json({ ok: true, ...tally });
  } catch (error) {
    if (error instanceof PluginWebhookRejectedError) return new Response(error.message, { status: error.httpStatus });
    if (error instanceof NotFoundError) return new Response("Not Found", { status: 404 });
    // The fulfiller could not be reached to fetch what it announced: ask it to retry.
    if (error instanceof PluginError && error.retryable) return new Response(error.message, { status: 503 });
    throw error;
  }
};

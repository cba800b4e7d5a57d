// SHIP_NOTIFY, ShipStation V1's shipment webhook. It is not signed and its body is only
// { resource_url, resource_type } (notes §1 "Webhooks (V1)"), so:
//  - the target URL we register carries a per-connection secret, compared in constant time;
//  - the body is never trusted: resource_url is fetched with the connection's own credentials,
//    and only when it points at the configured ShipStation host (else we would send our
//    credentials wherever a forged request said).
import { createHash, timingSafeEqual } from "node:crypto";
import { PluginWebhookRejectedError } from "../errors";
import type { FulfillerShipment } from "../port";
import type { ShipStationHttp } from "./http";
import { shipmentListSchema, webhookBodySchema } from "./schemas";
import { labelShipments, OrderCache } from "./sync";

const MAX_PAGES = 20;

export function webhookTargetUrl(appUrl: string, connectionId: string, secret: string): string {
  const base = appUrl.replace(/\/+$/, "");
  return `${base}/webhooks/fulfillers/shipstation/${encodeURIComponent(connectionId)}?secret=${encodeURIComponent(secret)}`;
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export async function handleShipNotify(
  http: ShipStationHttp,
  webhookSecret: string | null | undefined,
  request: Request,
): Promise<FulfillerShipment[]> {
  const given = new URL(request.url).searchParams.get("secret") ?? "";
  if (!webhookSecret || !sameSecret(given, webhookSecret)) {
    throw new PluginWebhookRejectedError("The webhook secret does not match this connection.", 401);
  }
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    throw new PluginWebhookRejectedError("The webhook body is not JSON.", 400);
  }
  const body = webhookBodySchema.safeParse(json);
  if (!body.success) {
    throw new PluginWebhookRejectedError("The webhook body lacks resource_url or resource_type.", 400);
  }
  if (body.data.resource_type !== "SHIP_NOTIFY") return [];

  let resource: URL;
  try {
    resource = new URL(body.data.resource_url);
  } catch {
    throw new PluginWebhookRejectedError("resource_url is not a URL.", 400);
  }
  if (resource.protocol !== http.base.protocol || resource.host !== http.base.host) {
    throw new PluginWebhookRejectedError(
      `resource_url points at ${resource.host}, not at the configured ShipStation host ${http.base.host}; not fetched.`,
      403,
    );
  }
  if (!resource.pathname.replace(/\/+$/, "").endsWith("/shipments")) {
    throw new PluginWebhookRejectedError("A SHIP_NOTIFY resource_url must point at /shipments.", 400);
  }
  resource.searchParams.set("includeShipmentItems", "true");

  const orders = new OrderCache(http);
  const shipments: FulfillerShipment[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const url = new URL(resource);
    if (page > 1) url.searchParams.set("page", String(page));
    const list = await http.get(url, shipmentListSchema);
    shipments.push(...(await labelShipments(list.shipments, orders)));
    if (page >= list.pages) break;
  }
  return shipments;
}

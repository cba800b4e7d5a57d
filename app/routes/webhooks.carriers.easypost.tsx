// POST /webhooks/carriers/easypost: EasyPost's tracker events (notes/fulfillers-and-carriers.md
// §4b "Webhooks"). The signature (X-Hmac-Signature over the raw body, EASYPOST_WEBHOOK_SECRET) is
// checked by the provider's verifyWebhook; a forged or unsigned delivery is refused with 401 and
// changes nothing. A `tracker.updated` / `tracker.created` goes through the same path as the
// tracking job for that tracker, at once; other events are acknowledged and ignored.
import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "~/lib/app-context.server";
import { trackFromCarrierWebhook } from "~/use-cases/trackFromCarrierWebhook";
import { carrierTrackingOf } from "~/use-cases/trackShipments";

export const loader = () => new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return loader();
  const ctx = appContext({ actor: "carrier:easypost" });
  const easyPost = carrierTrackingOf(ctx).easyPost;
  if (!easyPost) return new Response("EasyPost tracking is not configured", { status: 404 });
  const verified = await easyPost.webhook(request);
  if (!verified.valid) {
    // A bad signature (or none, or no secret to check it with) is 401; a signed body we cannot read, 400.
    const unsigned = /signature|secret/i.test(verified.reason);
    return new Response(verified.reason, { status: unsigned ? 401 : 400 });
  }
  if (!verified.result) return Response.json({ ignored: verified.description });
  const outcome = await trackFromCarrierWebhook(ctx, { provider: "easypost", result: verified.result });
  return Response.json({ event: verified.description, applied: outcome.applied, moved: outcome.moved });
};

// GET /bc/load?signed_payload_jwt=…: a user opens Consign in the control panel (notes/bigcommerce.md
// §1). The token is checked (401 otherwise); a user other than the owner gets access
// (multi-user), and the browser goes to the deep link with a fresh session token. On the way the
// store's webhooks are checked (one listing) and put back if missing or deactivated; a failure
// there is logged and does not keep the user out.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { appUrlFor, deepLinkPath, plain, verifyCallback, webhookRegistration } from "~/bigcommerce.server";
import { appContext } from "~/lib/app-context.server";
import { addBcUser } from "~/use-cases/addBcUser";
import { ensureBigCommerceWebhooks } from "~/use-cases/ensureBigCommerceWebhooks";
import { NotFoundError } from "~/use-cases/errors";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const payload = await verifyCallback(request);
  const ctx = appContext({ actor: `user:bc-${payload.user.id}` });
  try {
    const { shopId } = await addBcUser(ctx, { storeHash: payload.storeHash, user: payload.user, owner: payload.owner });
    await ensureBigCommerceWebhooks(ctx, { shopId, webhooks: webhookRegistration(payload.storeHash) }).catch((error: unknown) =>
      console.error(`[bigcommerce] webhooks of ${payload.storeHash} not checked:`, error),
    );
  } catch (error) {
    if (error instanceof NotFoundError) {
      return plain(401, "Consign is not installed on this store. Install it again from the BigCommerce App Marketplace.");
    }
    throw error;
  }
  return redirect(await appUrlFor(deepLinkPath(payload.url), payload.storeHash, payload.user.id), {
    headers: { "Cache-Control": "no-store" },
  });
};

// GET /bc/auth: BigCommerce's auth callback, called by the merchant's browser on install
// (notes/bigcommerce.md §1). Exchanges the code for the store's token, checks the granted scopes,
// stores the store, its encrypted token and its users, registers our webhooks, and opens the app
// with a session token (the control-panel iframe shows the answer; a blank one would be an error).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  appUrlFor,
  authCallbackQuery,
  BigCommerceAuthError,
  bigCommerceEnv,
  exchangeAuthCode,
  missingScopes,
  plain,
  webhookRegistration,
} from "~/bigcommerce.server";
import { appContext } from "~/lib/app-context.server";
import { PlatformError } from "~/platforms/errors";
import { installBigCommerceStore } from "~/use-cases/installBigCommerceStore";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (bigCommerceEnv().mode === "off") return plain(404, "BigCommerce is not configured on this server.");
  const query = authCallbackQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    const issue = query.error.issues[0];
    return plain(400, `The install link is incomplete: ${issue.path.join(".")} ${issue.message}.`);
  }
  let grant: Awaited<ReturnType<typeof exchangeAuthCode>>;
  try {
    grant = await exchangeAuthCode(query.data);
  } catch (error) {
    if (error instanceof BigCommerceAuthError) return plain(error.status, `${error.message}. Start the install again from BigCommerce.`);
    throw error;
  }
  // The docs call checking the granted scopes against the app profile best practice (notes §1).
  const missing = missingScopes(grant.scope);
  if (missing.length > 0) {
    return plain(403, `Consign needs these scopes, which were not granted: ${missing.join(", ")}. Nothing was installed.`);
  }
  try {
    await installBigCommerceStore(appContext({ actor: `user:bc-${grant.user.id}` }), {
      storeHash: grant.storeHash,
      accessToken: grant.accessToken,
      scope: grant.scope,
      user: grant.user,
      owner: grant.owner,
      webhooks: webhookRegistration(grant.storeHash),
    });
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    console.error(`[bigcommerce] install of ${grant.storeHash}: webhooks not registered:`, error);
    return plain(
      502,
      `Consign was installed but could not register its webhooks at BigCommerce (${error.message}). Open the app again in a minute to retry.`,
    );
  }
  return redirect(await appUrlFor("/bc", grant.storeHash, grant.user.id), { headers: { "Cache-Control": "no-store" } });
};

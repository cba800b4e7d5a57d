// GET /bc/uninstall?signed_payload_jwt=…: called by BigCommerce's server when the store removes
// Consign (notes/bigcommerce.md §1). The token is checked (401 otherwise); the store's jobs stop
// and it is marked uninstalled (uninstallBigCommerceStore).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { verifyCallback } from "~/bigcommerce.server";
import { appContext } from "~/lib/app-context.server";
import { uninstallBigCommerceStore } from "~/use-cases/uninstallBigCommerceStore";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const payload = await verifyCallback(request);
  const result = await uninstallBigCommerceStore(appContext({ actor: `user:bc-${payload.user.id}` }), {
    storeHash: payload.storeHash,
  });
  return Response.json({ ok: true, uninstalled: result.shopId !== null });
};

// GET /bc/remove-user?signed_payload_jwt=…: BigCommerce's remove_user callback, from its server
// (notes/bigcommerce.md §1). The token is checked (401 otherwise) and that user loses access.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { verifyCallback } from "~/bigcommerce.server";
import { appContext } from "~/lib/app-context.server";
import { removeBcUser } from "~/use-cases/removeBcUser";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const payload = await verifyCallback(request);
  const result = await removeBcUser(appContext(), { storeHash: payload.storeHash, userId: payload.user.id });
  return Response.json({ ok: true, removed: result.removed });
};

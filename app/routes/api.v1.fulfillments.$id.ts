// GET /api/v1/fulfillments/{id}: status, shipments and where each was pushed (app/use-cases/getPullFulfillment.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { methodNotAllowed, NOT_FOUND, pathId, scopeOf, serveApi } from "~/api/http.server";
import { getPullFulfillment } from "~/use-cases/getPullFulfillment";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, {
    scope: "orders:read",
    async handle(call) {
      const fulfillmentId = pathId(call);
      if (!fulfillmentId) return NOT_FOUND();
      return { status: 200, body: await getPullFulfillment(call.ctx, { ...scopeOf(call.principal), fulfillmentId }) };
    },
  });

export const action = () => methodNotAllowed("GET");

// GET /api/v1/orders: the fulfillments waiting for this house (app/use-cases/listPullOrders.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { methodNotAllowed, parseRequest, queryOf, scopeOf, serveApi } from "~/api/http.server";
import { listPullOrders, pullOrdersQuerySchema } from "~/use-cases/listPullOrders";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  serveApi(request, params, {
    scope: "orders:read",
    async handle({ ctx, principal }) {
      const query = queryOf(request);
      const checked = parseRequest(pullOrdersQuerySchema, query);
      if (!checked.ok) return checked.answer;
      return { status: 200, body: await listPullOrders(ctx, { ...scopeOf(principal), query }) };
    },
  });

export const action = () => methodNotAllowed("GET");

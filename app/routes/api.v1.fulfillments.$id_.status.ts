// POST /api/v1/fulfillments/{id}/status: CANCELLED, FAILED, RMA_PENDING or RETURNED, as the status
// table allows (app/use-cases/reportFulfillmentStatus.ts).
import { fulfillmentCommand, methodNotAllowed, scopeOf } from "~/api/http.server";
import { reportFulfillmentStatus, statusBodySchema } from "~/use-cases/reportFulfillmentStatus";

export const action = fulfillmentCommand(statusBodySchema, async (call, fulfillmentId, body) => {
  const { fulfillment } = await reportFulfillmentStatus(call.ctx, { ...scopeOf(call.principal), fulfillmentId, body });
  return { status: 200, body: fulfillment };
});

export const loader = () => methodNotAllowed("POST");

// POST /api/v1/fulfillments/{id}/acknowledge: HOLD/RECYCLED → PENDING with the house's reference
// (app/use-cases/acknowledgeFulfillment.ts).
import { fulfillmentCommand, methodNotAllowed, scopeOf } from "~/api/http.server";
import { acknowledgeBodySchema, acknowledgeFulfillment } from "~/use-cases/acknowledgeFulfillment";

export const action = fulfillmentCommand(acknowledgeBodySchema, async (call, fulfillmentId, body) => {
  const { fulfillment } = await acknowledgeFulfillment(call.ctx, { ...scopeOf(call.principal), fulfillmentId, body });
  return { status: 200, body: fulfillment };
});

export const loader = () => methodNotAllowed("POST");

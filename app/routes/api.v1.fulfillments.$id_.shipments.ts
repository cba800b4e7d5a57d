// POST /api/v1/fulfillments/{id}/shipments: a package, through the shared shipment path
// (app/use-cases/reportPullShipment.ts). 201 new, 200 corrected, 409 the same again, 422 a rule broken.
import { errorBody } from "~/api/errors";
import { fulfillmentCommand, methodNotAllowed, scopeOf } from "~/api/http.server";
import { reportPullShipment, shipmentBodySchema } from "~/use-cases/reportPullShipment";

export const action = fulfillmentCommand(shipmentBodySchema, async (call, fulfillmentId, body) => {
  const result = await reportPullShipment(call.ctx, { ...scopeOf(call.principal), fulfillmentId, body });
  switch (result.kind) {
    case "created":
      return { status: 201, body: result.shipment };
    case "changed":
      return { status: 200, body: result.shipment };
    case "duplicate":
      return {
        status: 409,
        body: {
          ...errorBody("duplicate_shipment", "This shipment was already reported; nothing changed."),
          shipment: result.shipment,
        },
      };
    case "refused":
      return {
        status: 422,
        body: errorBody("unprocessable", "The shipment breaks the coverage rules; nothing was stored.", result.issues),
      };
  }
});

export const loader = () => methodNotAllowed("POST");

// A fulfillment house that pulls its orders from Consign through the pull API (/api/v1, described
// by /api/v1/openapi.json) and reports shipments and statuses back the same way (seed: Konnektive's
// Order Query and Update Fulfillment APIs used by ShipWorks/ShipMonk-style houses, notes/peers.md §3).
// Nothing is pushed to it and nothing is polled from it: its only credential is a name, and it
// authenticates to us with API keys (app/use-cases/createApiKey.ts), not we to it.
import { z } from "zod";
import { credentialFields } from "../catalog";
import { PluginRejectedError } from "../errors";
import type { FulfillmentPlugin, PluginConnection } from "../port";

const credentials = z.object({
  name: z.string().trim().min(1).max(100).describe("Fulfillment house name"),
});

const logo =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="40" height="40"><path d="M4 4h16v6H4zM4 14h16v6H4z" fill="none" stroke="currentColor" stroke-width="2"/><path d="M8 7h.01M8 17h.01M12 10v4m-2-2 2 2 2-2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>';

export const pullApiPlugin: FulfillmentPlugin<z.infer<typeof credentials>> = {
  kind: "pull-api",
  title: "API (pull)",
  description:
    "A fulfillment house that fetches its orders from Consign's API and reports tracking back to it, with an API key you create here.",
  logo,
  mode: "pull",
  credentials,
  fields: credentialFields(credentials),
  connect(): PluginConnection {
    return {
      async verify() {},
      // The hold task submits only to push-type fulfillers; the house fetches its orders itself.
      async submit() {
        throw new PluginRejectedError("This fulfillment house fetches its orders through the API; nothing is sent to it.");
      },
      // Its shipments arrive through the API as they happen; there is nothing to poll.
      async shipmentsSince(cursor) {
        return { shipments: [], cursor };
      },
      // A cancelled fulfillment shows as CANCELLED the next time the house fetches it.
      async cancel() {},
    };
  },
};

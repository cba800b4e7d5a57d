// The merchant's own team: orders are "sent" by keeping them in Consign, and shipments come in
// through the manual form or a tracking CSV (use cases), never by polling. No credentials.
import { z } from "zod";
import { credentialFields } from "../catalog";
import type { FulfillmentPlugin, PluginConnection } from "../port";

const credentials = z.object({});

const logo =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="40" height="40"><rect x="3" y="7" width="18" height="13" rx="2" fill="none" stroke="currentColor" stroke-width="2"/><path d="M3 11h18M9 7V4h6v3" fill="none" stroke="currentColor" stroke-width="2"/></svg>';

export const manualPlugin: FulfillmentPlugin<z.infer<typeof credentials>> = {
  kind: "manual",
  title: "Manual / CSV",
  description:
    "Your own team ships these products. Orders wait in Consign; record shipments by hand or upload a tracking CSV.",
  logo,
  mode: "push",
  credentials,
  fields: credentialFields(credentials),
  connect(): PluginConnection {
    return {
      async verify() {},
      // Our own id is the reference: there is no other system to hand the order to.
      async submit(part) {
        return { clientFulfillmentId: part.fulfillmentId };
      },
      async shipmentsSince(cursor) {
        return { shipments: [], cursor };
      },
      async cancel() {},
    };
  },
};

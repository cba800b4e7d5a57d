// Import tracking numbers (seed: CheckoutChamp Fulfillment): a CSV upload answered with a report of
// every row. The use case takes the whole file or nothing: with a bad row, each row's problem comes
// back and no fulfillment changes.
import type { ActionFunctionArgs } from "@remix-run/node";
import { importTrackingResponse } from "~/lib/admin/fulfillments.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";

export const action = async ({ request }: ActionFunctionArgs) => importTrackingResponse(await shopifyAdminPage(request), request);

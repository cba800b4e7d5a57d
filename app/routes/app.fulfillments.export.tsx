// Export CSV (seed: CheckoutChamp Fulfillment, "use the filters, then Export CSV"): the fulfillments
// matching the page's filter, streamed page by page as the use case reads them, so 100,000 rows
// never sit in memory at once.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFulfillmentsResponse } from "~/lib/admin/fulfillments.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";

export const loader = async ({ request }: LoaderFunctionArgs) => exportFulfillmentsResponse(await shopifyAdminPage(request), request);

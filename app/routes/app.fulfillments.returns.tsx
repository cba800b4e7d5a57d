// Upload returned orders (seed: CheckoutChamp Fulfillment): rows of orderId, status RETURNED or
// CANCELLED and an optional rmaNumber; the exported file with its status column edited also works.
// All or nothing, like the tracking import.
import type { ActionFunctionArgs } from "@remix-run/node";
import { uploadReturnsResponse } from "~/lib/admin/fulfillments.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";

export const action = async ({ request }: ActionFunctionArgs) => uploadReturnsResponse(await shopifyAdminPage(request), request);

// GET /bc/fulfillments/export: the CSV of the filter on screen (app/lib/admin/fulfillments.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFulfillmentsResponse } from "~/lib/admin/fulfillments.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";

export const loader = async ({ request }: LoaderFunctionArgs) => exportFulfillmentsResponse(await bigCommerceAdminPage(request), request);

// POST /bc/fulfillments/import: tracking numbers from a CSV, all or nothing (app/lib/admin/fulfillments.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { importTrackingResponse } from "~/lib/admin/fulfillments.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";

export const action = async ({ request }: ActionFunctionArgs) => importTrackingResponse(await bigCommerceAdminPage(request), request);

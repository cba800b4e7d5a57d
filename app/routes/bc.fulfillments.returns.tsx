// POST /bc/fulfillments/returns: returned or cancelled orders from a CSV, all or nothing (app/lib/admin/fulfillments.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { uploadReturnsResponse } from "~/lib/admin/fulfillments.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";

export const action = async ({ request }: ActionFunctionArgs) => uploadReturnsResponse(await bigCommerceAdminPage(request), request);

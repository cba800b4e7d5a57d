// Shopify's OAuth/bounce paths under /auth (authenticate.admin answers them). Sandbox mode has
// no Shopify login: it goes straight to the admin.
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (env().sandbox) return redirect("/app");
  await authenticate.admin(request);
  return null;
};

// The embedded admin's layout: Polaris, App Bridge (loaded by AppProvider) and its navigation.
// Every /app loader and action goes through requireAdmin. In sandbox mode there is no Shopify
// admin around the app, so App Bridge is left out and the navigation is drawn in the page.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Box, InlineStack, Link as PolarisLink, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { WithSkeleton } from "~/components/PageSkeleton";
import { ToastProvider } from "~/components/toast";
import { requireAdmin } from "~/lib/auth.server";
import { env } from "~/lib/env.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

const NAV = [
  { to: "/app", label: "Dashboard" },
  { to: "/app/fulfillers", label: "Fulfillers" },
  { to: "/app/products", label: "Products" },
  { to: "/app/partners", label: "Partners" },
  { to: "/app/fulfillments", label: "Fulfillments" },
  { to: "/app/notifications", label: "Notifications" },
  { to: "/app/settings", label: "Settings" },
] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, sandbox } = await requireAdmin(request);
  return { apiKey: env().shopify.apiKey, sandbox, shopDomain: shop.domain };
};

export default function AppLayout() {
  const { apiKey, sandbox, shopDomain } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp={!sandbox} apiKey={apiKey}>
      {sandbox ? (
        <Box padding="300" background="bg-surface" borderBlockEndWidth="025" borderColor="border">
          <InlineStack gap="400" blockAlign="center">
            <Text as="span" variant="headingSm">
              Consign · sandbox ({shopDomain})
            </Text>
            {NAV.map((item) => (
              <PolarisLink key={item.to} url={item.to} removeUnderline>
                {item.label}
              </PolarisLink>
            ))}
          </InlineStack>
        </Box>
      ) : (
        <NavMenu>
          {NAV.map((item, i) => (
            <Link key={item.to} to={item.to} rel={i === 0 ? "home" : undefined}>
              {item.label}
            </Link>
          ))}
        </NavMenu>
      )}
      <ToastProvider embedded={!sandbox}>
        <WithSkeleton>
          <Outlet />
        </WithSkeleton>
      </ToastProvider>
    </AppProvider>
  );
}

// shopify-app-remix throws Responses (redirects, bounce pages) that must reach the browser with
// their headers intact.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

// The BigCommerce admin's layout: BigDesign's GlobalStyles and theme, and the navigation. It is
// the same admin as /app (the same use cases and queries); only the view is BigDesign. Every /bc
// loader and action goes through requireBigCommerceAdmin (session token in ?context=…).
// The styles are rendered on the server (entry.server.tsx), so the first paint is styled.
import { Box, Flex, GlobalStyles, Small, Tabs, Text } from "@bigcommerce/big-design";
import { theme } from "@bigcommerce/big-design-theme";
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Outlet, useLoaderData, useLocation, useNavigate, useRouteError } from "@remix-run/react";
import { useEffect } from "react";
import { ThemeProvider } from "styled-components";
import { withSession } from "~/components/bc/session";
import { requireBigCommerceAdmin } from "~/lib/bc-auth.server";

const MAIN_ID = "consign-main";
const NAV = [
  { id: "/bc", title: "Dashboard", ariaControls: MAIN_ID },
  { id: "/bc/fulfillers", title: "Fulfillers", ariaControls: MAIN_ID },
  { id: "/bc/products", title: "Products", ariaControls: MAIN_ID },
  { id: "/bc/partners", title: "Partners", ariaControls: MAIN_ID },
  { id: "/bc/fulfillments", title: "Fulfillments", ariaControls: MAIN_ID },
  { id: "/bc/settings", title: "Settings", ariaControls: MAIN_ID },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, sandbox, sessionToken } = await requireBigCommerceAdmin(request);
  return { storeHash: shop.domain, sandbox, sessionToken };
};

// The session token rides in the URL: it must not leave in a Referer to another site, or be cached.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin", "Cache-Control": "no-store" });

function activeTab(pathname: string): string {
  const match = NAV.filter((item) => item.id !== "/bc").find((item) => pathname === item.id || pathname.startsWith(`${item.id}/`));
  if (match) return match.id;
  // connections and orders belong to their lists
  if (pathname.startsWith("/bc/connections/")) return "/bc/fulfillers";
  if (pathname.startsWith("/bc/orders/")) return "/bc/fulfillments";
  return "/bc";
}

function Frame({ children, storeHash, sandbox, token }: { children: React.ReactNode; storeHash?: string; sandbox?: boolean; token: string | null }) {
  const location = useLocation();
  const navigate = useNavigate();
  // Browser tests wait for this mark (the Polaris admin sets the same one) before they look.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <ThemeProvider theme={theme}>
      <GlobalStyles />
      <Box backgroundColor="secondary10" style={{ minHeight: "100vh" }}>
        <Box backgroundColor="white" paddingHorizontal="xLarge" paddingTop="medium" shadow="raised">
          <Flex justifyContent="space-between" alignItems="center">
            <Text bold marginBottom="none">
              Consign
            </Text>
            {storeHash ? (
              <Small marginBottom="none">
                {sandbox ? "Sandbox · " : ""}store {storeHash}
              </Small>
            ) : null}
          </Flex>
          <nav aria-label="Consign">
            <Tabs
              items={NAV}
              activeTab={activeTab(location.pathname)}
              onTabClick={(id) => navigate(withSession(id, token))}
            />
          </nav>
        </Box>
        <Box as="main" id={MAIN_ID} paddingHorizontal="xLarge" paddingVertical="large" style={{ maxWidth: 1200, margin: "0 auto" }}>
          {children}
        </Box>
      </Box>
    </ThemeProvider>
  );
}

export default function BigCommerceAdmin() {
  const { storeHash, sandbox, sessionToken } = useLoaderData<typeof loader>();
  return (
    <Frame storeHash={storeHash} sandbox={sandbox} token={sessionToken}>
      <Outlet />
    </Frame>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string" && error.data
      ? error.data
      : `${error.status} ${error.statusText}`
    : "Something went wrong.";
  return (
    <Frame token={null}>
      <Box backgroundColor="white" padding="xLarge" border="box" borderRadius="normal">
        <Text>{message}</Text>
      </Box>
    </Frame>
  );
}

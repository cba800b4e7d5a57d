// The BigCommerce admin's session travels in URLs (?context=…, see app/lib/bc-auth.server.ts):
// every link, form and fetch of a /bc page carries the layout's fresh session token.
import { theme } from "@bigcommerce/big-design-theme";
import { Link, type LinkProps, useLocation, useRouteLoaderData } from "@remix-run/react";
import { styled } from "styled-components";

export const LAYOUT_ROUTE_ID = "routes/bc";

interface LayoutData {
  sessionToken: string | null;
}

/** The layout's session token; null in sandbox mode (no login). */
export function useBcSession(): string | null {
  const layout = useRouteLoaderData<LayoutData>(LAYOUT_ROUTE_ID);
  return layout?.sessionToken ?? null;
}

/** `path` (which may carry its own query) with the session token added. */
export function withSession(path: string, token: string | null): string {
  if (!token) return path;
  const [base, hash = ""] = path.split("#");
  const url = new URL(base, "http://consign.local");
  url.searchParams.set("context", token);
  return `${url.pathname}${url.search}${hash ? `#${hash}` : ""}`;
}

/** The admin's URL of an in-app path: "/orders/1" → "/bc/orders/1" (as AdminPage.href on the server). */
export function bcPath(path: string): string {
  return path === "/" || path === "" ? "/bc" : `/bc${path}`;
}

/** A function from an in-app path ("/orders/1") to its URL with the session. */
export function useBcHref(): (path: string) => string {
  const token = useBcSession();
  return (path) => withSession(bcPath(path), token);
}

/** The current page's URL with a fresh session: the action of its forms. */
export function useBcAction(): string {
  const location = useLocation();
  return withSession(`${location.pathname}${location.search}`, useBcSession());
}

// Client-side navigation (Remix) in BigDesign's link look.
const StyledLink = styled(Link)`
  color: ${theme.colors.primary};
  text-decoration: none;
  &:hover {
    color: ${theme.colors.primary60};
    text-decoration: underline;
  }
  &:focus-visible {
    outline: 2px solid ${theme.colors.primary30};
    outline-offset: 2px;
  }
`;

/** A Remix link to an in-app path ("/orders/1") inside the BigCommerce admin. */
export function BcLink({ to, ...rest }: Omit<LinkProps, "to"> & { to: string }) {
  const href = useBcHref();
  return <StyledLink to={href(to)} {...rest} />;
}

// Loading states: while the next page's loader runs, the page being left is replaced by the
// skeleton of the page being opened (Polaris SkeletonPage), so the merchant sees it coming.
import { useLocation, useNavigation } from "@remix-run/react";
import {
  BlockStack,
  Card,
  InlineGrid,
  Layout,
  SkeletonBodyText,
  SkeletonDisplayText,
  SkeletonPage,
  SkeletonTabs,
} from "@shopify/polaris";
import type { ReactNode } from "react";

type Kind = "dashboard" | "list" | "detail" | "form" | "tiles";

const ROUTES: [RegExp, Kind, string][] = [
  [/^\/app\/?$/, "dashboard", "Dashboard"],
  [/^\/app\/fulfillers\/?$/, "tiles", "Fulfillers"],
  [/^\/app\/fulfillers\/[^/]+$/, "form", "Activate a fulfiller"],
  [/^\/app\/connections\/[^/]+$/, "detail", "Fulfiller"],
  [/^\/app\/products\/?$/, "list", "Products"],
  [/^\/app\/fulfillments\/?$/, "list", "Fulfillments"],
  [/^\/app\/orders\/[^/]+$/, "detail", "Order"],
  [/^\/app\/settings\/?$/, "form", "Settings"],
];

export function PageSkeleton({ kind, title }: { kind: Kind; title?: string }) {
  return (
    <SkeletonPage title={title} primaryAction={kind !== "dashboard"} backAction={kind === "detail" || kind === "form"}>
      {kind === "dashboard" ? (
        <BlockStack gap="400">
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            {[0, 1, 2].map((i) => (
              <Card key={i}>
                <BlockStack gap="200">
                  <SkeletonDisplayText size="small" />
                  <SkeletonBodyText lines={2} />
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
          <Card>
            <SkeletonBodyText lines={8} />
          </Card>
        </BlockStack>
      ) : kind === "list" ? (
        <Card padding="0">
          <SkeletonTabs count={1} />
          <div style={{ padding: "var(--p-space-400)" }}>
            <SkeletonBodyText lines={12} />
          </div>
        </Card>
      ) : kind === "tiles" ? (
        <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
          {[0, 1, 2].map((i) => (
            <Card key={i}>
              <BlockStack gap="200">
                <SkeletonDisplayText size="small" />
                <SkeletonBodyText lines={3} />
              </BlockStack>
            </Card>
          ))}
        </InlineGrid>
      ) : (
        <Layout>
          <Layout.Section>
            <Card>
              <SkeletonBodyText lines={6} />
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <SkeletonBodyText lines={4} />
            </Card>
          </Layout.Section>
        </Layout>
      )}
    </SkeletonPage>
  );
}

/** The page, or the skeleton of the page being navigated to while its data loads. */
export function WithSkeleton({ children }: { children: ReactNode }) {
  const navigation = useNavigation();
  const location = useLocation();
  const target = navigation.state === "loading" ? navigation.location : null;
  if (target && target.pathname !== location.pathname) {
    const match = ROUTES.find(([pattern]) => pattern.test(target.pathname));
    if (match) return <PageSkeleton kind={match[1]} title={match[2]} />;
  }
  return <>{children}</>;
}

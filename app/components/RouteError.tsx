// The error state of an admin page (its ErrorBoundary): a record that is not there (404, including
// another shop's), bad input in the URL (400), or an unexpected failure, each with a way back.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, Page, Text } from "@shopify/polaris";
import { EMPTY_IMAGE } from "./emptyImage";

export function RouteError({ title, backUrl = "/app" }: { title: string; backUrl?: string }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title={title} backAction={{ content: "Back", url: backUrl }}>
        <Card>
          <EmptyState
            heading="This page could not be found"
            action={{ content: "Go back", url: backUrl }}
            image={EMPTY_IMAGE}
          >
            <p>It may have been removed, or it belongs to another store.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  const detail = isRouteErrorResponse(error)
    ? typeof error.data === "string" && error.data
      ? error.data
      : error.statusText
    : error instanceof Error
      ? error.message
      : "Unknown error";
  const heading = isRouteErrorResponse(error) && error.status === 400 ? "The request was not valid" : "Something went wrong";
  return (
    <Page title={title} backAction={{ content: "Back", url: backUrl }}>
      <BlockStack gap="400">
        <Banner tone="critical" title={heading} action={{ content: "Try again", onAction: () => window.location.reload() }}>
          <Text as="p">{detail}</Text>
        </Banner>
      </BlockStack>
    </Page>
  );
}

// Dashboard placeholder; the admin pages arrive with the admin issue.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "~/lib/auth.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { shopDomain: shop.domain };
};

export default function Dashboard() {
  const { shopDomain } = useLoaderData<typeof loader>();
  return (
    <Page title="Dashboard">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Consign
          </Text>
          <Text as="p">Orders of {shopDomain} are routed to their fulfillers from here.</Text>
        </BlockStack>
      </Card>
    </Page>
  );
}

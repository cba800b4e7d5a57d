// Fulfillers: the shop's connections, and the catalog of every plugin in the registry as tiles
// (seed: General Fulfillment House Setup, "click the plugin tile and then click Activate").
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Page,
  ResourceItem,
  ResourceList,
  Text,
} from "@shopify/polaris";
import { formatDateTime, plural } from "~/components/format";
import { PluginLogo } from "~/components/PluginLogo";
import { RouteError } from "~/components/RouteError";
import { fulfillersData } from "~/lib/admin/fulfillers.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";

export const meta: MetaFunction = () => [{ title: "Fulfillers · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => fulfillersData(await shopifyAdminPage(request));

export default function Fulfillers() {
  const { catalog, connections } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const logoOf = new Map(catalog.map((c) => [c.kind, c.logo]));
  return (
    <Page title="Fulfillers" subtitle="Who ships your products: fulfillment houses, partners, or your own team.">
      <BlockStack gap="500">
        {connections.length > 0 ? (
          <Card padding="0">
            <ResourceList
              resourceName={{ singular: "fulfiller", plural: "fulfillers" }}
              items={connections}
              renderItem={(c) => (
                <ResourceItem
                  id={c.id}
                  url={`/app/connections/${c.id}`}
                  accessibilityLabel={`Manage ${c.title}`}
                  media={<PluginLogo logo={logoOf.get(c.kind) ?? ""} size={32} />}
                >
                  <InlineStack align="space-between" blockAlign="center" wrap={false} gap="200">
                    <BlockStack gap="050">
                      <InlineStack gap="200" blockAlign="center" wrap={false}>
                        <Text as="h3" variant="bodyMd" fontWeight="semibold">
                          {c.title}
                        </Text>
                        <InlineStack gap="100">
                          {c.active ? <Badge tone="success">Active</Badge> : <Badge>Deactivated</Badge>}
                          {c.isDefault ? <Badge tone="info">All products</Badge> : null}
                        </InlineStack>
                      </InlineStack>
                      <Text as="p" tone="subdued">
                        {c.pluginTitle ?? c.kind} ·{" "}
                        {c.isDefault ? "all products without their own assignment" : `${plural(c.assignedProducts, "product")} assigned`} · last sync{" "}
                        {c.lastSyncAt ? formatDateTime(c.lastSyncAt) : "never"}
                      </Text>
                    </BlockStack>
                  </InlineStack>
                </ResourceItem>
              )}
            />
          </Card>
        ) : null}
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Add a fulfiller
          </Text>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
            {catalog.map((entry) => (
              <Card key={entry.kind}>
                <BlockStack gap="300">
                  <InlineStack gap="300" blockAlign="center" wrap={false}>
                    <PluginLogo logo={entry.logo} />
                    <BlockStack gap="050">
                      <Text as="h3" variant="headingSm">
                        {entry.title}
                      </Text>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {entry.mode === "push" ? "We send orders to it" : "It fetches orders from us"}
                      </Text>
                    </BlockStack>
                  </InlineStack>
                  <Box minHeight="3.5rem">
                    <Text as="p">{entry.description}</Text>
                  </Box>
                  <InlineStack align="end">
                    <Button
                      variant="primary"
                      onClick={() => navigate(`/app/fulfillers/${entry.kind}`)}
                      accessibilityLabel={`Activate ${entry.title}`}
                    >
                      Activate
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
          <Text as="p" tone="subdued">
            Each fulfiller is one plugin; the same list feeds the jobs and the API. <Link to="/app/products">Assign products</Link>{" "}
            once a fulfiller is active.
          </Text>
        </BlockStack>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Fulfillers" />;
}

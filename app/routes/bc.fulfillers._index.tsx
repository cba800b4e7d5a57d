// Fulfillers (BigDesign view of app/lib/admin/fulfillers.server.ts): the store's connections, and
// the catalog of every plugin in the registry to activate one.
import { Badge, Box, Button, Flex, Grid, H3, Panel, Small, Table, Text } from "@bigcommerce/big-design";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { PageHeader } from "~/components/bc/PageHeader";
import { BcRouteError } from "~/components/bc/RouteError";
import { PluginLogo } from "~/components/bc/PluginLogo";
import { BcLink, useBcHref } from "~/components/bc/session";
import { formatDateTime, plural } from "~/components/format";
import { fulfillersData } from "~/lib/admin/fulfillers.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";

export const meta: MetaFunction = () => [{ title: "Fulfillers · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => fulfillersData(await bigCommerceAdminPage(request));

export default function Fulfillers() {
  const { catalog, connections } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const href = useBcHref();
  const logoOf = new Map(catalog.map((c) => [c.kind, c.logo]));
  return (
    <>
      <PageHeader title="Fulfillers" description="Who ships your products: fulfillment houses, partners, or your own team." />
      {connections.length > 0 ? (
        <Panel header="Your fulfillers">
          <Table
            itemName="fulfillers"
            keyField="id"
            items={connections}
            columns={[
              {
                header: "Fulfiller",
                hash: "title",
                render: (c) => (
                  <Flex alignItems="center" flexGap="0.75rem">
                    <PluginLogo logo={logoOf.get(c.kind) ?? ""} size={28} />
                    <BcLink to={`/connections/${c.id}`}>{c.title}</BcLink>
                  </Flex>
                ),
              },
              {
                header: "Status",
                hash: "status",
                render: (c) => (
                  <Flex flexGap="0.25rem">
                    {c.active ? <Badge label="Active" variant="success" /> : <Badge label="Deactivated" variant="secondary" />}
                    {c.isDefault ? <Badge label="All products" variant="primary" /> : null}
                  </Flex>
                ),
              },
              { header: "Products", hash: "products", render: (c) => plural(c.assignedProducts, "product") },
              { header: "Last sync", hash: "sync", render: (c) => (c.lastSyncAt ? formatDateTime(c.lastSyncAt) : "Never") },
            ]}
          />
        </Panel>
      ) : null}
      <H3>Add a fulfiller</H3>
      <Grid gridColumns={{ mobile: "1fr", tablet: "repeat(2, 1fr)", desktop: "repeat(3, 1fr)" }} gridGap="1rem">
        {catalog.map((entry) => (
          <Panel key={entry.kind} marginBottom="none">
            <Flex alignItems="center" flexGap="0.75rem" marginBottom="small">
              <PluginLogo logo={entry.logo} />
              <Box>
                <H3 marginBottom="none">{entry.title}</H3>
                <Small marginBottom="none">{entry.mode === "push" ? "We send orders to it" : "It fetches orders from us"}</Small>
              </Box>
            </Flex>
            <Text style={{ minHeight: "3.5rem" }}>{entry.description}</Text>
            <Flex justifyContent="flex-end">
              <Button variant="primary" onClick={() => navigate(href(`/fulfillers/${entry.kind}`))} aria-label={`Activate ${entry.title}`}>
                Activate
              </Button>
            </Flex>
          </Panel>
        ))}
      </Grid>
    </>
  );
}

export function ErrorBoundary() {
  return <BcRouteError title="Fulfillers" />;
}

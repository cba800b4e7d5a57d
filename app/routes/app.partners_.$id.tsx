// One partnership (issue 8), from either side: the partner store, its status, and its partner
// orders with what is fulfilled and what the buyer's store shows; ending it. A partnership this
// shop is not part of is a 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { formatDate } from "~/components/format";
import { PartnerOrderCard } from "~/components/PartnerOrders";
import { RouteError } from "~/components/RouteError";
import { useResultToast } from "~/components/toast";
import { shopifyAdminPage } from "~/lib/admin/page.server";
import { partnerAction, partnerData } from "~/lib/admin/partners.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.partnership.partner.name ?? "Partner"} · Partners · Consign` }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => partnerData(await shopifyAdminPage(request), params.id, request);

export const action = async ({ request, params }: ActionFunctionArgs) => partnerAction(await shopifyAdminPage(request), params.id, request);

export default function Partner() {
  const { partnership: p, orders } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  useResultToast(result);
  const buyer = p.role === "BUYER";
  return (
    <Page
      title={p.partner.name}
      subtitle={buyer ? "This store ships your orders for its products." : "You ship this store's orders for your products."}
      titleMetadata={<Badge tone={p.status === "ACTIVE" ? "success" : undefined}>{p.status === "ACTIVE" ? "Active" : "Ended"}</Badge>}
      backAction={{ content: "Partners", url: "/app/partners" }}
    >
      <BlockStack gap="500">
        {result && !result.ok ? (
          <Banner tone="critical" title="Nothing was changed">
            <p>{result.message}</p>
          </Banner>
        ) : null}
        <Card>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="p">
              {p.partner.platform === "BIGCOMMERCE" ? "BigCommerce" : "Shopify"} store {p.partner.domain} · since {formatDate(p.createdAt)}
              {p.endedAt ? ` · ended ${formatDate(p.endedAt)} by ${p.endedBy === p.role ? "you" : "the partner"}` : ""}
            </Text>
            <InlineStack gap="300">
              {buyer ? <Link to={`/app/partners/${p.id}/products`}>Match products</Link> : null}
              {p.status === "ACTIVE" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="end" />
                  <Button submit tone="critical" loading={navigation.state !== "idle"}>
                    End partnership
                  </Button>
                </Form>
              ) : null}
            </InlineStack>
          </InlineStack>
        </Card>
        {orders.items.length ? (
          orders.items.map((row) => <PartnerOrderCard key={row.fulfillmentId} row={row} />)
        ) : (
          <Card>
            <Text as="p" tone="subdued">
              No partner orders yet.
            </Text>
          </Card>
        )}
        {orders.nextCursor ? (
          <InlineStack align="end">
            <Link to={`/app/partners/${p.id}?after=${encodeURIComponent(orders.nextCursor)}`}>Older partner orders</Link>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Partner" backUrl="/app/partners" />;
}

// One partnership (BigDesign view of app/lib/admin/partners.server.ts; issue 8), from either side:
// its partner orders, and ending it. A partnership this store is not part of is a 404.
import { Badge, Box, Button, Flex, Panel, Text } from "@bigcommerce/big-design";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/bc/PageHeader";
import { PartnerOrderPanel } from "~/components/bc/PartnerOrders";
import { ResultMessage } from "~/components/bc/ResultMessage";
import { BcLink, useBcAction } from "~/components/bc/session";
import { formatDate } from "~/components/format";
import { partnerAction, partnerData } from "~/lib/admin/partners.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.partnership.partner.name ?? "Partner"} · Partners · Consign` }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => partnerData(await bigCommerceAdminPage(request), params.id, request);

export const action = async ({ request, params }: ActionFunctionArgs) => partnerAction(await bigCommerceAdminPage(request), params.id, request);

export default function Partner() {
  const { partnership: p, orders } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formAction = useBcAction();
  const buyer = p.role === "BUYER";
  return (
    <>
      <PageHeader
        title={p.partner.name}
        description={buyer ? "This store ships your orders for its products." : "You ship this store's orders for your products."}
        badge={<Badge label={p.status === "ACTIVE" ? "Active" : "Ended"} variant={p.status === "ACTIVE" ? "success" : "secondary"} />}
        actions={
          <>
            <BcLink to="/partners">All partners</BcLink>
            {buyer ? <BcLink to={`/partners/${p.id}/products`}>Match products</BcLink> : null}
            {p.status === "ACTIVE" ? (
              <Form method="post" action={formAction}>
                <input type="hidden" name="intent" value="end" />
                <Button type="submit" actionType="destructive">
                  End partnership
                </Button>
              </Form>
            ) : null}
          </>
        }
      />
      <ResultMessage result={result} />
      <Panel>
        <Text marginBottom="none">
          {p.partner.platform === "BIGCOMMERCE" ? "BigCommerce" : "Shopify"} store {p.partner.domain} · since {formatDate(p.createdAt)}
          {p.endedAt ? ` · ended ${formatDate(p.endedAt)} by ${p.endedBy === p.role ? "you" : "the partner"}` : ""}
        </Text>
      </Panel>
      {orders.items.length ? orders.items.map((row) => <PartnerOrderPanel key={row.fulfillmentId} row={row} />) : <Text>No partner orders yet.</Text>}
      {orders.nextCursor ? (
        <Flex justifyContent="flex-end">
          <Box>
            <BcLink to={`/partners/${p.id}?after=${encodeURIComponent(orders.nextCursor)}`}>Older partner orders</BcLink>
          </Box>
        </Flex>
      ) : null}
    </>
  );
}

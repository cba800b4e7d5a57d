// Partners (BigDesign view of app/lib/admin/partners.server.ts; issue 8): invite a partner store
// (a code shown once), the stores that ship for this store and those it ships for, and the
// Partner orders of the stores it ships for.
import { Badge, Box, Button, Flex, FormGroup, H3, Input, Message, Panel, Select, Small, Text } from "@bigcommerce/big-design";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form as RemixForm, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { PageHeader } from "~/components/bc/PageHeader";
import { PartnerOrderPanel } from "~/components/bc/PartnerOrders";
import { ResultMessage } from "~/components/bc/ResultMessage";
import { BcLink, useBcAction } from "~/components/bc/session";
import { formatDate } from "~/components/format";
import { partnersAction, partnersData } from "~/lib/admin/partners.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";
import type { PartnershipView } from "~/use-cases/shared/partners";

export const meta: MetaFunction = () => [{ title: "Partners · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => partnersData(await bigCommerceAdminPage(request), request);

export const action = async ({ request }: ActionFunctionArgs) => partnersAction(await bigCommerceAdminPage(request), request);

function PartnershipRow({ p }: { p: PartnershipView }) {
  const formAction = useBcAction();
  return (
    <Flex justifyContent="space-between" alignItems="center" marginBottom="small">
      <Flex flexGap="0.5rem" alignItems="center">
        <BcLink to={`/partners/${p.id}`}>{p.partner.name}</BcLink>
        <Badge label={p.status === "ACTIVE" ? "Active" : "Ended"} variant={p.status === "ACTIVE" ? "success" : "secondary"} />
        <Small marginBottom="none">
          {p.partner.platform === "BIGCOMMERCE" ? "BigCommerce" : "Shopify"} · since {formatDate(p.createdAt)}
        </Small>
      </Flex>
      <Flex flexGap="0.75rem" alignItems="center">
        {p.role === "BUYER" ? <BcLink to={`/partners/${p.id}/products`}>Match products</BcLink> : null}
        {p.status === "ACTIVE" ? (
          <RemixForm method="post" action={formAction}>
            <input type="hidden" name="intent" value="end" />
            <input type="hidden" name="partnershipId" value={p.id} />
            <Button type="submit" variant="subtle" actionType="destructive">
              End partnership
            </Button>
          </RemixForm>
        ) : null}
      </Flex>
    </Flex>
  );
}

export default function Partners() {
  const { overview, orders } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const formAction = useBcAction();
  const [hours, setHours] = useState("72");
  const created = result?.ok && "code" in result && result.code ? { code: result.code, expiresAt: result.expiresAt ?? "" } : null;
  return (
    <>
      <PageHeader title="Partners" description="Dropship partners: stores that ship your products from their own admin, and stores you ship for." />
      {created ? (
        <Message
          type="success"
          marginBottom="medium"
          header="Give this code to your partner"
          messages={[
            { text: created.code },
            { text: `They activate “Partner store” under Fulfillers with it. It works once, expires on ${formatDate(created.expiresAt)} and is not shown again.` },
          ]}
        />
      ) : (
        <ResultMessage result={result} />
      )}
      <Panel header="Invite a partner store">
        <RemixForm method="post" action={formAction}>
          <input type="hidden" name="intent" value="invite" />
          <Box>
            <FormGroup>
              <Input label="Note" name="note" description="Who the code is for; only you see it." />
            </FormGroup>
            <FormGroup>
              <Select
                label="Expires after"
                value={hours}
                onOptionChange={(v) => setHours(v ?? "72")}
                options={[
                  { value: "24", content: "1 day" },
                  { value: "72", content: "3 days" },
                  { value: "168", content: "7 days" },
                  { value: "720", content: "30 days" },
                ]}
              />
              <input type="hidden" name="expiresInHours" value={hours} />
            </FormGroup>
            <Flex justifyContent="flex-end">
              <Button type="submit" isLoading={navigation.state !== "idle"}>
                Create invitation code
              </Button>
            </Flex>
          </Box>
        </RemixForm>
      </Panel>
      <Panel header="Stores that ship for you">
        {overview.asBuyer.length ? overview.asBuyer.map((p) => <PartnershipRow key={p.id} p={p} />) : <Text>None yet. Activate “Partner store” under Fulfillers with a partner’s code.</Text>}
      </Panel>
      <Panel header="Stores you ship for">
        {overview.asSeller.length ? overview.asSeller.map((p) => <PartnershipRow key={p.id} p={p} />) : <Text>None yet.</Text>}
      </Panel>
      {overview.invitations.length ? (
        <Panel header="Invitations">
          {overview.invitations.map((i) => (
            <Flex key={i.id} justifyContent="space-between" alignItems="center" marginBottom="xSmall">
              <Small marginBottom="none">
                {i.note ?? "Invitation"} · {i.state === "OPEN" ? `expires ${formatDate(i.expiresAt)}` : i.state.toLowerCase()}
              </Small>
              {i.state === "OPEN" ? (
                <RemixForm method="post" action={formAction}>
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="invitationId" value={i.id} />
                  <Button type="submit" variant="subtle" actionType="destructive">
                    Withdraw
                  </Button>
                </RemixForm>
              ) : null}
            </Flex>
          ))}
        </Panel>
      ) : null}
      <H3>Partner orders</H3>
      {orders.items.length ? orders.items.map((row) => <PartnerOrderPanel key={row.fulfillmentId} row={row} />) : <Text>No partner orders yet.</Text>}
      {orders.nextCursor ? (
        <Box marginTop="small">
          <BcLink to={`/partners?after=${encodeURIComponent(orders.nextCursor)}`}>Older partner orders</BcLink>
        </Box>
      ) : null}
    </>
  );
}

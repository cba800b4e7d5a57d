// Partners (issue 8): invite a dropship partner's store (a code shown once), the stores that ship
// for this shop and those it ships for, and the Partner orders of the stores it ships for: each
// buyer's orders with their status, what is fulfilled, and what the buyer's store shows.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { EMPTY_IMAGE } from "~/components/emptyImage";
import { formatDate } from "~/components/format";
import { PartnerOrderCard } from "~/components/PartnerOrders";
import { RouteError } from "~/components/RouteError";
import { useResultToast } from "~/components/toast";
import { shopifyAdminPage } from "~/lib/admin/page.server";
import { partnersAction, partnersData } from "~/lib/admin/partners.server";
import type { PartnershipView } from "~/use-cases/shared/partners";

export const meta: MetaFunction = () => [{ title: "Partners · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => partnersData(await shopifyAdminPage(request), request);

export const action = async ({ request }: ActionFunctionArgs) => partnersAction(await shopifyAdminPage(request), request);

function PartnershipRow({ p, busy }: { p: PartnershipView; busy: boolean }) {
  return (
    <InlineStack align="space-between" blockAlign="center" gap="300">
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center">
          <Link to={`/app/partners/${p.id}`}>{p.partner.name}</Link>
          <Badge tone={p.status === "ACTIVE" ? "success" : undefined}>{p.status === "ACTIVE" ? "Active" : "Ended"}</Badge>
          <Text as="span" tone="subdued" variant="bodySm">
            {p.partner.platform === "BIGCOMMERCE" ? "BigCommerce" : "Shopify"} · since {formatDate(p.createdAt)}
            {p.endedAt ? ` · ended ${formatDate(p.endedAt)}` : ""}
          </Text>
        </InlineStack>
      </BlockStack>
      <InlineStack gap="200">
        {p.role === "BUYER" ? <Link to={`/app/partners/${p.id}/products`}>Match products</Link> : null}
        {p.status === "ACTIVE" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end" />
            <input type="hidden" name="partnershipId" value={p.id} />
            <Button submit tone="critical" variant="plain" loading={busy}>
              End partnership
            </Button>
          </Form>
        ) : null}
      </InlineStack>
    </InlineStack>
  );
}

export default function Partners() {
  const { overview, orders } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const created = result?.ok && "code" in result && result.code ? { code: result.code, expiresAt: result.expiresAt ?? "" } : null;
  useResultToast(result && !created ? result : null);
  const [note, setNote] = useState("");
  const [hours, setHours] = useState("72");
  const failed = result && !result.ok ? result : null;

  return (
    <Page title="Partners" subtitle="Dropship partners: stores that ship your products from their own admin, and stores you ship for.">
      <Layout>
        <Layout.Section>
          <BlockStack gap="500">
            {created ? (
              <Banner tone="success" title="Give this code to your partner">
                <BlockStack gap="200">
                  <Text as="p" variant="headingMd" fontWeight="bold">
                    <span data-testid="invitation-code">{created.code}</span>
                  </Text>
                  <Text as="p">
                    They activate “Partner store” under Fulfillers with it. It works once and expires on {formatDate(created.expiresAt)}. It is
                    not shown again.
                  </Text>
                </BlockStack>
              </Banner>
            ) : null}
            {failed ? (
              <Banner tone="critical" title="Nothing was changed">
                <p>{failed.message}</p>
              </Banner>
            ) : null}

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Stores that ship for you
                </Text>
                {overview.asBuyer.length ? (
                  overview.asBuyer.map((p) => <PartnershipRow key={p.id} p={p} busy={busy} />)
                ) : (
                  <Text as="p" tone="subdued">
                    None yet. Ask your partner for an invitation code, then activate “Partner store” under <Link to="/app/fulfillers">Fulfillers</Link>.
                  </Text>
                )}
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Stores you ship for
                </Text>
                {overview.asSeller.length ? (
                  overview.asSeller.map((p) => <PartnershipRow key={p.id} p={p} busy={busy} />)
                ) : (
                  <Text as="p" tone="subdued">
                    None yet. Invite a store: its orders for your products then arrive in your store as orders.
                  </Text>
                )}
              </BlockStack>
            </Card>

            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Partner orders
              </Text>
              {orders.items.length ? (
                orders.items.map((row) => <PartnerOrderCard key={row.fulfillmentId} row={row} />)
              ) : (
                <Card>
                  <EmptyState heading="No partner orders yet" image={EMPTY_IMAGE}>
                    <p>Orders that your partners’ customers place for your products appear here, with what you fulfilled and what their store shows.</p>
                  </EmptyState>
                </Card>
              )}
              {orders.nextCursor ? (
                <InlineStack align="end">
                  <Link to={`/app/partners?after=${encodeURIComponent(orders.nextCursor)}`}>Older partner orders</Link>
                </InlineStack>
              ) : null}
            </BlockStack>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="500">
            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="invite" />
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Invite a partner store
                  </Text>
                  <FormLayout>
                    <TextField
                      label="Note"
                      name="note"
                      value={note}
                      onChange={setNote}
                      autoComplete="off"
                      helpText="Who the code is for; only you see it."
                      error={failed?.fieldErrors.note}
                    />
                    <Select
                      label="Expires after"
                      name="expiresInHours"
                      value={hours}
                      onChange={setHours}
                      options={[
                        { label: "1 day", value: "24" },
                        { label: "3 days", value: "72" },
                        { label: "7 days", value: "168" },
                        { label: "30 days", value: "720" },
                      ]}
                    />
                  </FormLayout>
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={busy}>
                      Create invitation code
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>
            {overview.invitations.length ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Invitations
                  </Text>
                  {overview.invitations.map((i) => (
                    <InlineStack key={i.id} align="space-between" blockAlign="center">
                      <Text as="span" variant="bodySm">
                        {i.note ?? "Invitation"} · {i.state === "OPEN" ? `expires ${formatDate(i.expiresAt)}` : i.state.toLowerCase()}
                      </Text>
                      {i.state === "OPEN" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="invitationId" value={i.id} />
                          <Button submit variant="plain" tone="critical">
                            Withdraw
                          </Button>
                        </Form>
                      ) : null}
                    </InlineStack>
                  ))}
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Partners" />;
}

// Partner products (issue 8): the buyer's variants that ship from this partner store, each with
// the partner's product it is sent as — matched by SKU unless the buyer chose otherwise — and the
// choice: one of the partner's products, "not sold by this partner" (its lines are refused, never
// guessed), or back to the SKU match.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { RouteError } from "~/components/RouteError";
import { useResultToast } from "~/components/toast";
import { shopifyAdminPage } from "~/lib/admin/page.server";
import { partnerProductsAction, partnerProductsData } from "~/lib/admin/partners.server";
import type { MatchState, PartnerProductRow } from "~/use-cases/queries/listPartnerProducts";

export const meta: MetaFunction = () => [{ title: "Partner products · Consign" }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => partnerProductsData(await shopifyAdminPage(request), params.id, request);

export const action = async ({ request, params }: ActionFunctionArgs) => partnerProductsAction(await shopifyAdminPage(request), params.id, request);

const STATE: Record<MatchState, { label: string; tone: "success" | "info" | "critical" | "attention" | undefined }> = {
  MANUAL: { label: "Your choice", tone: "info" },
  SKU: { label: "Same SKU", tone: "success" },
  NONE: { label: "Not sold by this partner", tone: undefined },
  UNMATCHED: { label: "No match", tone: "critical" },
  AMBIGUOUS: { label: "Several products have this SKU", tone: "attention" },
};

function MatchForm({ row, options, busy }: { row: PartnerProductRow; options: { label: string; value: string }[]; busy: boolean }) {
  const [value, setValue] = useState(row.seller?.variantId ?? (row.state === "NONE" ? "none" : "sku"));
  return (
    <Form method="post">
      <input type="hidden" name="buyerVariantId" value={row.variantId} />
      <input type="hidden" name="buyerSku" value={row.sku ?? ""} />
      <InlineStack gap="200" blockAlign="center" wrap={false}>
        <Select label="Partner product" labelHidden name="sellerVariantId" value={value} onChange={setValue} options={options} />
        <Button submit loading={busy}>
          Save
        </Button>
      </InlineStack>
    </Form>
  );
}

export default function PartnerProducts() {
  const { page, query, sellerQuery } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  useResultToast(result);
  const busy = navigation.state !== "idle";
  const [q, setQ] = useState(query);
  const [sq, setSq] = useState(sellerQuery);
  const base = [
    { label: "Match by SKU", value: "sku" },
    { label: "Not sold by this partner", value: "none" },
  ];
  const choices = page.sellerVariants.map((v) => ({ label: `${v.title ?? v.variantId}${v.sku ? ` · ${v.sku}` : ""}`, value: v.variantId }));
  return (
    <Page
      title={`Products from ${page.partnership.partner.name}`}
      subtitle="Each of your variants ships as the partner's product with the same SKU, unless you choose another. A line with no match is refused with its name."
      backAction={{ content: page.partnership.partner.name, url: `/app/partners/${page.partnership.id}` }}
    >
      <BlockStack gap="400">
        {result && !result.ok ? (
          <Banner tone="critical" title="Nothing was changed">
            <p>{result.message}</p>
          </Banner>
        ) : null}
        <Card>
          <Form method="get">
            <InlineStack gap="300" blockAlign="end">
              <TextField label="Your products" name="q" value={q} onChange={setQ} autoComplete="off" placeholder="Title or SKU" />
              <TextField label="Partner's products to choose from" name="sellerQ" value={sq} onChange={setSq} autoComplete="off" placeholder="Title or SKU" />
              <Button submit>Search</Button>
            </InlineStack>
          </Form>
        </Card>
        <Card padding="0">
          {page.rows.length ? (
            <IndexTable
              resourceName={{ singular: "variant", plural: "variants" }}
              itemCount={page.rows.length}
              selectable={false}
              headings={[{ title: "Your variant" }, { title: "Ships as" }, { title: "Change" }]}
            >
              {page.rows.map((row, i) => (
                <IndexTable.Row id={row.variantId} key={row.variantId} position={i}>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">
                        {row.productTitle}
                        {row.title && row.title !== row.productTitle && row.title !== "Default Title" ? ` – ${row.title}` : ""}
                      </Text>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {row.sku ? `SKU ${row.sku}` : "No SKU"}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="200" blockAlign="center">
                      <Badge tone={STATE[row.state].tone}>{STATE[row.state].label}</Badge>
                      {row.seller ? (
                        <Text as="span" variant="bodySm">
                          {row.seller.title ?? row.seller.variantId}
                          {row.seller.sku ? ` · ${row.seller.sku}` : ""}
                        </Text>
                      ) : null}
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <MatchForm row={row} options={[...base, ...choices]} busy={busy} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          ) : (
            <BlockStack gap="200">
              <Text as="p" tone="subdued">
                None of your variants on this page ships from this partner. Assign products to “{page.partnership.partner.name}” on the{" "}
                <Link to="/app/products">Products</Link> page.
              </Text>
            </BlockStack>
          )}
        </Card>
        {page.nextCursor ? (
          <InlineStack align="end">
            <Link to={`?cursor=${encodeURIComponent(page.nextCursor)}${query ? `&q=${encodeURIComponent(query)}` : ""}`}>More products</Link>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Partner products" backUrl="/app/partners" />;
}

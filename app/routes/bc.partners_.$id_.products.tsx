// Partner products (BigDesign view of app/lib/admin/partners.server.ts; issue 8): the buyer's
// variants that ship from this partner store and the partner's product each is sent as (by SKU
// unless chosen otherwise); a variant with no match is refused with its name, never guessed.
import { Badge, type BadgeProps, Box, Button, Flex, Input, Panel, Select, Small, Table, Text } from "@bigcommerce/big-design";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { PageHeader } from "~/components/bc/PageHeader";
import { ResultMessage } from "~/components/bc/ResultMessage";
import { BcLink, useBcAction, useBcSession } from "~/components/bc/session";
import { partnerProductsAction, partnerProductsData } from "~/lib/admin/partners.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";
import type { MatchState, PartnerProductRow } from "~/use-cases/queries/listPartnerProducts";

export const meta: MetaFunction = () => [{ title: "Partner products · Consign" }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => partnerProductsData(await bigCommerceAdminPage(request), params.id, request);

export const action = async ({ request, params }: ActionFunctionArgs) => partnerProductsAction(await bigCommerceAdminPage(request), params.id, request);

const STATE: Record<MatchState, { label: string; variant: BadgeProps["variant"] }> = {
  MANUAL: { label: "Your choice", variant: "primary" },
  SKU: { label: "Same SKU", variant: "success" },
  NONE: { label: "Not sold by this partner", variant: "secondary" },
  UNMATCHED: { label: "No match", variant: "danger" },
  AMBIGUOUS: { label: "Several products have this SKU", variant: "warning" },
};

function MatchForm({ row, options }: { row: PartnerProductRow; options: { value: string; content: string }[] }) {
  const formAction = useBcAction();
  const [value, setValue] = useState(row.seller?.variantId ?? (row.state === "NONE" ? "none" : "sku"));
  return (
    <Form method="post" action={formAction}>
      <input type="hidden" name="buyerVariantId" value={row.variantId} />
      <input type="hidden" name="buyerSku" value={row.sku ?? ""} />
      <input type="hidden" name="sellerVariantId" value={value} />
      <Flex flexGap="0.5rem" alignItems="center">
        <Select aria-label="Partner product" value={value} onOptionChange={(v) => setValue(v ?? "sku")} options={options} filterable />
        <Button type="submit" variant="secondary">
          Save
        </Button>
      </Flex>
    </Form>
  );
}

export default function PartnerProducts() {
  const { page, query, sellerQuery } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const token = useBcSession();
  const options = [
    { value: "sku", content: "Match by SKU" },
    { value: "none", content: "Not sold by this partner" },
    ...page.sellerVariants.map((v) => ({ value: v.variantId, content: `${v.title ?? v.variantId}${v.sku ? ` · ${v.sku}` : ""}` })),
  ];
  return (
    <>
      <PageHeader
        title={`Products from ${page.partnership.partner.name}`}
        description="Each of your variants ships as the partner's product with the same SKU, unless you choose another. A line with no match is refused with its name."
        actions={<BcLink to={`/partners/${page.partnership.id}`}>Back to the partner</BcLink>}
      />
      <ResultMessage result={result} />
      <Panel>
        <Form method="get">
          {token ? <input type="hidden" name="context" value={token} /> : null}
          <Flex flexGap="0.75rem" alignItems="flex-end">
            <Input label="Your products" name="q" defaultValue={query} placeholder="Title or SKU" />
            <Input label="Partner's products to choose from" name="sellerQ" defaultValue={sellerQuery} placeholder="Title or SKU" />
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </Flex>
        </Form>
      </Panel>
      <Panel>
        {page.rows.length ? (
          <Table
            itemName="variants"
            keyField="variantId"
            items={page.rows}
            columns={[
              {
                header: "Your variant",
                hash: "variant",
                render: (row) => (
                  <Box>
                    <Text marginBottom="none">
                      {row.productTitle}
                      {row.title && row.title !== row.productTitle && row.title !== "Default Title" ? ` – ${row.title}` : ""}
                    </Text>
                    <Small marginBottom="none">{row.sku ? `SKU ${row.sku}` : "No SKU"}</Small>
                  </Box>
                ),
              },
              {
                header: "Ships as",
                hash: "seller",
                render: (row) => (
                  <Flex flexGap="0.5rem" alignItems="center">
                    <Badge label={STATE[row.state].label} variant={STATE[row.state].variant} />
                    {row.seller ? <Small marginBottom="none">{`${row.seller.title ?? row.seller.variantId}${row.seller.sku ? ` · ${row.seller.sku}` : ""}`}</Small> : null}
                  </Flex>
                ),
              },
              { header: "Change", hash: "change", render: (row) => <MatchForm row={row} options={options} /> },
            ]}
          />
        ) : (
          <Text>
            None of your variants on this page ships from this partner. Assign products to “{page.partnership.partner.name}” on the{" "}
            <BcLink to="/products">Products</BcLink> page.
          </Text>
        )}
      </Panel>
      {page.nextCursor ? (
        <BcLink to={`/partners/${page.partnership.id}/products?cursor=${encodeURIComponent(page.nextCursor)}${query ? `&q=${encodeURIComponent(query)}` : ""}`}>
          More products
        </BcLink>
      ) : null}
    </>
  );
}

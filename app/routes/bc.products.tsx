// Products (BigDesign view of app/lib/admin/products.server.ts): the store's products and variants,
// searched and paged on BigCommerce, each variant with the fulfiller its orders go to; assign one
// or many variants at once, or give them back to the default.
import { Badge, Box, Button, Flex, FormGroup, Input, Message, Panel, Select, Small, Table, Text } from "@bigcommerce/big-design";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { PageHeader } from "~/components/bc/PageHeader";
import { BcRouteError } from "~/components/bc/RouteError";
import { ResultMessage } from "~/components/bc/ResultMessage";
import { BcLink, useBcAction, useBcHref, useBcSession } from "~/components/bc/session";
import { assignProductsAction, productsData } from "~/lib/admin/products.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";
import type { VariantRow } from "~/use-cases/queries/listProducts";

export const meta: MetaFunction = () => [{ title: "Products · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => productsData(await bigCommerceAdminPage(request), request);

export const action = async ({ request }: ActionFunctionArgs) => assignProductsAction(await bigCommerceAdminPage(request), request);

interface Row extends VariantRow {
  id: string;
  productTitle: string;
}

function FulfillerCell({ row }: { row: VariantRow }) {
  return (
    <Flex flexGap="0.25rem" alignItems="center" flexWrap="wrap">
      {row.fulfiller ? <Text marginBottom="none">{row.fulfiller.title}</Text> : <Badge label="Unassigned" variant="warning" />}
      {row.source === "default" ? <Badge label="Default" variant="secondary" /> : null}
      {row.source === "product" ? <Badge label="Whole product" variant="primary" /> : null}
      {row.inactiveAssignment ? <Badge label={`${row.inactiveAssignment} is deactivated`} variant="danger" /> : null}
    </Flex>
  );
}

export default function Products() {
  const loaded = useLoaderData<typeof loader>();
  const { page, query, cursor, error } = loaded;
  const partnerStores = "partnerStores" in loaded ? loaded.partnerStores : [];
  const href = useBcHref();
  const session = useBcSession();
  const formAction = useBcAction();
  const fetcher = useFetcher<typeof action>();
  const [selected, setSelected] = useState<Row[]>([]);
  const [target, setTarget] = useState<string>("");
  const rows = useMemo<Row[]>(
    () =>
      (page?.items ?? []).flatMap((product) =>
        product.variants.map((v) => ({ ...v, id: v.variantId, productTitle: product.title })),
      ),
    [page],
  );
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) setSelected([]);
  }, [fetcher.state, fetcher.data]);

  if (!page) {
    return (
      <>
        <PageHeader title="Products" />
        <Message type="error" header="Products could not be loaded from the store" messages={[{ text: error ?? "" }]} actions={[]} />
        <Box marginTop="medium">
          <BcLink to="/products">Try again</BcLink>
        </Box>
      </>
    );
  }

  const assign = () =>
    fetcher.submit(
      {
        connectionId: target,
        items: JSON.stringify(selected.map((r) => ({ productId: r.productId, variantId: r.variantId, sku: r.sku }))),
      },
      { method: "post", action: formAction },
    );
  const options = [
    { value: "default", content: page.defaultConnection ? `The default (${page.defaultConnection.title})` : "No fulfiller (the default)" },
    ...page.connections.map((c) => ({ value: c.id, content: c.title })),
  ];

  return (
    <>
      <PageHeader
        title="Products"
        description={
          page.defaultConnection
            ? `Products without their own fulfiller go to ${page.defaultConnection.title}.`
            : "Products without a fulfiller are not sent anywhere."
        }
      />
      {page.connections.length === 0 ? (
        <Message type="info" header="Activate a fulfiller first" messages={[{ text: "Products can be assigned once a fulfiller is active." }]} marginBottom="medium" />
      ) : null}
      {partnerStores.length ? (
        <Message
          type="info"
          header="Products from partner stores"
          messages={partnerStores.map((p) => ({
            text: `Variants that ship from ${p.name} go as its product with the same SKU, unless you choose another.`,
            link: { text: `Match products from ${p.name}`, href: href(`/partners/${p.id}/products`) },
          }))}
          marginBottom="medium"
        />
      ) : null}
      <ResultMessage result={fetcher.state === "idle" ? fetcher.data : null} />
      <Panel>
        <Form method="get" role="search">
          {session ? <input type="hidden" name="context" value={session} /> : null}
          <Flex flexGap="0.5rem" alignItems="flex-end" marginBottom="medium">
            <FormGroup>
              <Input label="Search products" name="q" type="search" defaultValue={query} placeholder="Name or SKU" />
            </FormGroup>
            <Box marginBottom="medium">
              <Button type="submit" variant="secondary">
                Search
              </Button>
            </Box>
          </Flex>
        </Form>
        <Table
          itemName="variants"
          keyField="id"
          items={rows}
          selectable={page.connections.length > 0 ? { selectedItems: selected, onSelectionChange: setSelected } : undefined}
          actions={
            selected.length > 0 ? (
              <Flex flexGap="0.5rem" alignItems="center">
                <Small marginBottom="none">{selected.length} selected</Small>
                <Select
                  aria-label="Fulfiller"
                  options={options}
                  value={target || undefined}
                  placeholder="Choose a fulfiller"
                  onOptionChange={(value) => setTarget(value ?? "")}
                />
                <Button variant="primary" disabled={!target} isLoading={fetcher.state !== "idle"} onClick={assign}>
                  Assign
                </Button>
              </Flex>
            ) : undefined
          }
          emptyComponent={<Text>{query ? `No products match “${query}”. Try another search.` : "No products in the store."}</Text>}
          columns={[
            {
              header: "Product / variant",
              hash: "product",
              render: (r) => (r.title && r.title !== r.productTitle ? `${r.productTitle} — ${r.title}` : r.productTitle),
            },
            { header: "SKU", hash: "sku", render: (r) => r.sku ?? "—" },
            { header: "Fulfiller", hash: "fulfiller", render: (r) => <FulfillerCell row={r} /> },
          ]}
        />
        <Flex justifyContent="center" flexGap="1rem" marginTop="medium">
          {cursor ? (
            <BcLink to={`/products${query ? `?q=${encodeURIComponent(query)}` : ""}`}>First page</BcLink>
          ) : null}
          {page.nextCursor ? (
            <BcLink to={`/products?${new URLSearchParams({ ...(query ? { q: query } : {}), cursor: page.nextCursor })}`}>Next page</BcLink>
          ) : null}
        </Flex>
      </Panel>
    </>
  );
}

export function ErrorBoundary() {
  return <BcRouteError title="Products" />;
}

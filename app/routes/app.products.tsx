// Products: the store's products and variants (from the platform, searched and paged there), each
// variant with the fulfiller its orders go to, and assignment of one or many at once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useLocation, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  EmptyState,
  IndexFilters,
  IndexTable,
  type IndexTableRowProps,
  InlineStack,
  Modal,
  Page,
  Pagination,
  Select,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { Fragment, useEffect, useMemo, useState } from "react";
import { EMPTY_IMAGE } from "~/components/emptyImage";
import { RouteError } from "~/components/RouteError";
import { useResultToast } from "~/components/toast";
import { useDebounced } from "~/components/useDebounced";
import { shopifyAdminPage } from "~/lib/admin/page.server";
import { assignProductsAction, productsData } from "~/lib/admin/products.server";
import type { ProductPage, VariantRow } from "~/use-cases/queries/listProducts";

export const meta: MetaFunction = () => [{ title: "Products · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => productsData(await shopifyAdminPage(request), request);

export const action = async ({ request }: ActionFunctionArgs) => assignProductsAction(await shopifyAdminPage(request), request);

function FulfillerCell({ row }: { row: VariantRow }) {
  return (
    <InlineStack gap="100" blockAlign="center">
      {row.fulfiller ? <Text as="span">{row.fulfiller.title}</Text> : <Badge tone="attention">Unassigned</Badge>}
      {row.source === "default" ? <Badge>Default</Badge> : null}
      {row.source === "product" ? <Badge tone="info">Whole product</Badge> : null}
      {row.inactiveAssignment ? <Badge tone="warning">{`${row.inactiveAssignment} is deactivated`}</Badge> : null}
    </InlineStack>
  );
}

export default function Products() {
  const loaded = useLoaderData<typeof loader>();
  const { page, query, cursor, error } = loaded;
  const partnerStores = "partnerStores" in loaded ? loaded.partnerStores : [];
  if (!page) {
    return (
      <Page title="Products">
        <Banner tone="critical" title="Products could not be loaded from the store" action={{ content: "Try again", url: "/app/products" }}>
          <p>{error}</p>
        </Banner>
      </Page>
    );
  }
  return <ProductList page={page} query={query} cursor={cursor} partnerStores={partnerStores} />;
}

function ProductList({
  page,
  query,
  cursor,
  partnerStores,
}: {
  page: ProductPage;
  query: string;
  cursor: string | null;
  partnerStores: readonly { id: string; name: string }[];
}) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const fetcher = useFetcher<typeof action>();
  useResultToast(fetcher.state === "idle" ? fetcher.data : null);
  const { mode, setMode } = useSetIndexFiltersMode();
  const [text, setText] = useState(query);
  const debounced = useDebounced(text, 350);
  const [assigning, setAssigning] = useState(false);
  const [target, setTarget] = useState("");

  useEffect(() => {
    if (debounced === query) return;
    const next = new URLSearchParams(params);
    if (debounced) next.set("q", debounced);
    else next.delete("q");
    next.delete("cursor");
    setParams(next, { replace: true });
  }, [debounced, query, params, setParams]);

  const rows = useMemo(() => page.items.flatMap((p) => p.variants.map((v) => ({ ...v, id: v.variantId, productTitle: p.title }))), [page.items]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) {
      clearSelection();
      setAssigning(false);
    }
  }, [fetcher.state, fetcher.data, clearSelection]);

  const trail = (location.state as { trail?: (string | null)[] } | null)?.trail ?? [];
  const go = (nextCursor: string | null, nextTrail: (string | null)[]) => {
    const next = new URLSearchParams(params);
    if (nextCursor) next.set("cursor", nextCursor);
    else next.delete("cursor");
    navigate(`?${next}`, { state: { trail: nextTrail } });
  };

  const submitAssign = () => {
    const chosen = allResourcesSelected ? rows : rows.filter((r) => selectedResources.includes(r.id));
    fetcher.submit(
      {
        connectionId: target,
        items: JSON.stringify(chosen.map((r) => ({ productId: r.productId, variantId: r.variantId, sku: r.sku }))),
      },
      { method: "post" },
    );
  };

  let position = -1;
  const markup = page.items.map((product) => {
    const single = product.variants.length === 1;
    if (single) {
      const v = product.variants[0];
      position += 1;
      return (
        <IndexTable.Row id={v.variantId} key={v.variantId} position={position} selected={selectedResources.includes(v.variantId)}>
          <IndexTable.Cell>
            <Text as="span" fontWeight="semibold">
              {product.title}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>{v.sku ?? "—"}</IndexTable.Cell>
          <IndexTable.Cell>
            <FulfillerCell row={v} />
          </IndexTable.Cell>
        </IndexTable.Row>
      );
    }
    const ids = product.variants.map((v) => v.variantId);
    const some = ids.some((id) => selectedResources.includes(id));
    const all = ids.every((id) => selectedResources.includes(id));
    const selected: IndexTableRowProps["selected"] = all ? true : some ? "indeterminate" : false;
    const first = rows.findIndex((r) => r.id === ids[0]);
    const range: IndexTableRowProps["selectionRange"] = [first, first + ids.length - 1];
    position += 1;
    const headerPosition = position;
    return (
      <Fragment key={product.id}>
        <IndexTable.Row
          rowType="subheader"
          id={`product-${product.id}`}
          position={headerPosition}
          selectionRange={range}
          selected={selected}
          accessibilityLabel={`Select every variant of ${product.title}`}
        >
          <IndexTable.Cell as="th" colSpan={3} scope="colgroup">
            <Text as="span" fontWeight="semibold">
              {product.title}
            </Text>{" "}
            <Text as="span" tone="subdued">
              ({product.variants.length} variants)
            </Text>
          </IndexTable.Cell>
        </IndexTable.Row>
        {product.variants.map((v) => {
          position += 1;
          return (
            <IndexTable.Row
              rowType="child"
              id={v.variantId}
              key={v.variantId}
              position={position}
              selected={selectedResources.includes(v.variantId)}
            >
              <IndexTable.Cell>{v.title}</IndexTable.Cell>
              <IndexTable.Cell>{v.sku ?? "—"}</IndexTable.Cell>
              <IndexTable.Cell>
                <FulfillerCell row={v} />
              </IndexTable.Cell>
            </IndexTable.Row>
          );
        })}
      </Fragment>
    );
  });

  const loading = navigation.state === "loading" && navigation.location?.pathname === location.pathname;
  const noConnections = page.connections.length === 0;
  return (
    <Page
      title="Products"
      subtitle={page.defaultConnection ? `Products without their own fulfiller go to ${page.defaultConnection.title}.` : "Products without a fulfiller are not sent anywhere."}
      fullWidth
    >
      <BlockStack gap="400">
        {noConnections ? (
          <Banner tone="info" title="Activate a fulfiller first" action={{ content: "Fulfillers", url: "/app/fulfillers" }}>
            <p>Products can be assigned once a fulfiller is active.</p>
          </Banner>
        ) : null}
        {partnerStores.length ? (
          <Banner tone="info" title="Products from partner stores">
            <p>
              Variants that ship from a partner store go as the partner&apos;s product with the same SKU, unless you choose another:{" "}
              {partnerStores.map((p, i) => (
                <span key={p.id}>
                  {i > 0 ? ", " : ""}
                  <Link to={`/app/partners/${p.id}/products`}>{`match products from ${p.name}`}</Link>
                </span>
              ))}
              .
            </p>
          </Banner>
        ) : null}
        <Card padding="0">
          <IndexFilters
            queryValue={text}
            queryPlaceholder="Search products"
            onQueryChange={setText}
            onQueryClear={() => setText("")}
            tabs={[{ content: "All products", id: "all" }]}
            selected={0}
            onSelect={() => {}}
            filters={[]}
            appliedFilters={[]}
            onClearAll={() => setText("")}
            mode={mode}
            setMode={setMode}
            loading={loading}
            canCreateNewView={false}
            cancelAction={{ onAction: () => setText(query), disabled: false, loading: false }}
          />
          <IndexTable
            resourceName={{ singular: "variant", plural: "variants" }}
            itemCount={rows.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            headings={[{ title: "Product / variant" }, { title: "SKU" }, { title: "Fulfiller" }]}
            promotedBulkActions={noConnections ? [] : [{ content: "Assign fulfiller", onAction: () => setAssigning(true) }]}
            loading={loading}
            emptyState={
              <EmptyState heading={query ? `No products match “${query}”` : "No products in the store"} image={EMPTY_IMAGE}>
                <p>{query ? "Try another search." : "Products you add to the store show here."}</p>
              </EmptyState>
            }
          >
            {markup}
          </IndexTable>
          <div style={{ display: "flex", justifyContent: "center", padding: "var(--p-space-300)" }}>
            <Pagination
              hasPrevious={cursor !== null}
              onPrevious={() => go(trail.at(-1) ?? null, trail.slice(0, -1))}
              hasNext={page.nextCursor !== null}
              onNext={() => go(page.nextCursor, [...trail, cursor])}
            />
          </div>
        </Card>
      </BlockStack>
      <Modal
        open={assigning}
        onClose={() => setAssigning(false)}
        title={`Assign ${allResourcesSelected ? rows.length : selectedResources.length} selected`}
        primaryAction={{ content: "Assign", onAction: submitAssign, loading: fetcher.state !== "idle", disabled: target === "" }}
        secondaryActions={[{ content: "Cancel", onAction: () => setAssigning(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Select
              label="Fulfiller"
              placeholder="Choose…"
              options={[
                ...page.connections.map((c) => ({ label: c.title, value: c.id })),
                {
                  label: page.defaultConnection ? `Use the default (${page.defaultConnection.title})` : "No own fulfiller (use the default)",
                  value: "default",
                },
              ]}
              value={target}
              onChange={setTarget}
            />
            {fetcher.data && !fetcher.data.ok ? (
              <Banner tone="critical" title="Nothing was assigned">
                <p>{fetcher.data.message}</p>
              </Banner>
            ) : null}
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Products" />;
}

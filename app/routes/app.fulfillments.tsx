// Fulfillments (seed: CheckoutChamp Fulfillment): every fulfillment of the shop, filtered by status,
// fulfiller, date, order and tracking number, in keyset pages; Export CSV of the filter on screen,
// Import tracking numbers, Upload returns; resend a failed one, cancel one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteLoaderData,
  useSearchParams,
} from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  type IndexFiltersProps,
  IndexTable,
  InlineStack,
  List,
  Modal,
  Page,
  Pagination,
  Text,
  TextField,
  useIndexResourceState,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { CsvUpload } from "~/components/CsvUpload";
import { EMPTY_IMAGE } from "~/components/emptyImage";
import { formatDateTime, humanize, plural } from "~/components/format";
import { RouteError } from "~/components/RouteError";
import { FulfillmentStatusBadge } from "~/components/StatusBadge";
import { useResultToast, useToast } from "~/components/toast";
import { useDebounced } from "~/components/useDebounced";
import { STATUSES } from "~/fulfillment/types";
import { fulfillmentsAction, fulfillmentsData } from "~/lib/admin/fulfillments.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";
import { filterQuery } from "~/lib/fulfillment-search";
import type { loader as appLoader } from "./app";

export const meta: MetaFunction = () => [{ title: "Fulfillments · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => fulfillmentsData(await shopifyAdminPage(request), request);

export const action = async ({ request }: ActionFunctionArgs) => fulfillmentsAction(await shopifyAdminPage(request), request);

type FilterKey = "status" | "connection" | "dates" | "tracking";

export default function Fulfillments() {
  const { page, connections } = useLoaderData<typeof loader>();
  const layout = useRouteLoaderData<typeof appLoader>("routes/app");
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const location = useLocation();
  const fetcher = useFetcher<typeof action>();
  const posted = useActionData<typeof action>();
  const lastAnswer = fetcher.data ?? posted;
  const toast = useToast();
  useResultToast(fetcher.state === "idle" ? fetcher.data : null);
  const { mode, setMode } = useSetIndexFiltersMode();
  const [importing, setImporting] = useState<"tracking" | "returns" | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [cancelReason, setCancelReason] = useState("");
  const [exporting, setExporting] = useState(false);

  const [order, setOrder] = useState(params.get("order") ?? "");
  const [tracking, setTracking] = useState(params.get("tracking") ?? "");
  const debouncedOrder = useDebounced(order, 350);
  const debouncedTracking = useDebounced(tracking, 350);

  const update = useCallback(
    (changes: Record<string, string | string[] | null>) => {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(changes)) {
        next.delete(key);
        if (Array.isArray(value)) for (const v of value) next.append(key, v);
        else if (value) next.set(key, value);
      }
      next.delete("after");
      next.delete("before");
      if (next.toString() !== params.toString()) setParams(next, { replace: true });
    },
    [params, setParams],
  );
  useEffect(() => {
    if ((params.get("order") ?? "") !== debouncedOrder.trim()) update({ order: debouncedOrder.trim() || null });
  }, [debouncedOrder, params, update]);
  useEffect(() => {
    if ((params.get("tracking") ?? "") !== debouncedTracking.trim()) update({ tracking: debouncedTracking.trim() || null });
  }, [debouncedTracking, params, update]);

  const rows = page.items;
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) {
      clearSelection();
      setCancelling(false);
      setCancelReason("");
    }
  }, [fetcher.state, fetcher.data, clearSelection]);
  const selected = allResourcesSelected ? rows.map((r) => r.id) : selectedResources;

  const statuses = params.getAll("status").flatMap((s) => s.split(","));
  const connection = params.get("connection") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";

  const filters: IndexFiltersProps["filters"] = [
    {
      key: "status",
      label: "Status",
      pinned: true,
      filter: (
        <ChoiceList
          title="Status"
          titleHidden
          allowMultiple
          choices={STATUSES.map((s) => ({ label: humanize(s), value: s }))}
          selected={statuses}
          onChange={(value) => update({ status: value })}
        />
      ),
    },
    {
      key: "connection",
      label: "Fulfiller",
      pinned: true,
      filter: (
        <ChoiceList
          title="Fulfiller"
          titleHidden
          choices={connections.map((c) => ({ label: c.title, value: c.id }))}
          selected={connection ? [connection] : []}
          onChange={(value) => update({ connection: value[0] ?? null })}
        />
      ),
    },
    {
      key: "dates",
      label: "Created",
      pinned: true,
      filter: (
        <BlockStack gap="200">
          <TextField label="From" type="date" value={from} onChange={(v) => update({ from: v || null })} autoComplete="off" />
          <TextField label="To" type="date" value={to} onChange={(v) => update({ to: v || null })} autoComplete="off" />
        </BlockStack>
      ),
    },
    {
      key: "tracking",
      label: "Tracking number",
      filter: (
        <TextField
          label="Tracking number"
          labelHidden
          value={tracking}
          onChange={setTracking}
          autoComplete="off"
          placeholder="e.g. 1Z999AA10123456784"
        />
      ),
    },
  ];
  const applied: IndexFiltersProps["appliedFilters"] = [];
  const remove = (key: FilterKey) => () => {
    if (key === "tracking") setTracking("");
    update(key === "dates" ? { from: null, to: null } : { [key]: null });
  };
  if (statuses.length) applied.push({ key: "status", label: `Status: ${statuses.map(humanize).join(", ")}`, onRemove: remove("status") });
  if (connection) {
    const title = connections.find((c) => c.id === connection)?.title ?? "unknown";
    applied.push({ key: "connection", label: `Fulfiller: ${title}`, onRemove: remove("connection") });
  }
  if (from || to) applied.push({ key: "dates", label: `Created ${from || "…"} – ${to || "…"}`, onRemove: remove("dates") });
  if (params.get("tracking")) applied.push({ key: "tracking", label: `Tracking: ${params.get("tracking")}`, onRemove: remove("tracking") });

  const exportHref = `/app/fulfillments/export?${filterQuery(params)}`;
  const downloadExport = async () => {
    if (layout?.sandbox !== false) {
      window.location.assign(exportHref);
      return;
    }
    // Embedded: App Bridge adds the session token to fetch, not to a plain link.
    setExporting(true);
    try {
      const res = await fetch(exportHref);
      if (!res.ok) throw new Error(await res.text());
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = `fulfillments-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toast(error instanceof Error ? error.message : "The export failed", { isError: true });
    } finally {
      setExporting(false);
    }
  };

  const loading = navigation.state === "loading" && navigation.location?.pathname === location.pathname;
  const anyFilter = applied.length > 0 || Boolean(params.get("order"));
  const goPage = (key: "after" | "before", cursor: string | null) => {
    if (!cursor) return;
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    next.set(key, cursor);
    setParams(next);
  };
  const failedSelected = rows.filter((r) => selected.includes(r.id) && r.status === "FAILED").length;

  return (
    <Page
      title="Fulfillments"
      fullWidth
      primaryAction={{ content: "Export CSV", onAction: downloadExport, loading: exporting, disabled: Boolean(params.get("tracking")), helpText: params.get("tracking") ? "Clear the tracking filter to export" : undefined }}
      secondaryActions={[
        { content: "Import tracking numbers", onAction: () => setImporting("tracking") },
        { content: "Upload returns", onAction: () => setImporting("returns") },
      ]}
    >
      {lastAnswer && !lastAnswer.ok ? (
        <Box paddingBlockEnd="400">
          <Banner tone="critical" title="Nothing was changed">
            <p>{lastAnswer.message}</p>
          </Banner>
        </Box>
      ) : null}
      <Card padding="0">
        <IndexFilters
          queryValue={order}
          queryPlaceholder="Search by order name or number"
          onQueryChange={setOrder}
          onQueryClear={() => setOrder("")}
          tabs={[{ content: "All", id: "all" }]}
          selected={0}
          onSelect={() => {}}
          canCreateNewView={false}
          filters={filters}
          appliedFilters={applied}
          onClearAll={() => {
            setOrder("");
            setTracking("");
            setParams(new URLSearchParams(), { replace: true });
          }}
          mode={mode}
          setMode={setMode}
          loading={loading}
          cancelAction={{ onAction: () => {}, disabled: false, loading: false }}
        />
        <IndexTable
          resourceName={{ singular: "fulfillment", plural: "fulfillments" }}
          itemCount={rows.length}
          selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
          onSelectionChange={handleSelectionChange}
          loading={loading}
          headings={[
            { title: "Order" },
            { title: "Fulfiller" },
            { title: "Status" },
            { title: "Created" },
            { title: "Units", alignment: "end" },
            { title: "Tracking" },
          ]}
          promotedBulkActions={[
            {
              content: failedSelected === selected.length ? "Resend" : `Resend failed (${failedSelected})`,
              disabled: failedSelected === 0 || fetcher.state !== "idle",
              onAction: () => fetcher.submit({ intent: "resend", ids: selected.join(",") }, { method: "post" }),
            },
            { content: "Cancel", onAction: () => setCancelling(true) },
          ]}
          emptyState={
            <EmptyState
              heading={anyFilter ? "No fulfillments match these filters" : "No fulfillments yet"}
              image={EMPTY_IMAGE}
              action={anyFilter ? { content: "Clear filters", onAction: () => setParams(new URLSearchParams()) } : undefined}
            >
              <p>
                {anyFilter
                  ? "Try fewer filters or another order."
                  : "Orders whose products are assigned to a fulfiller show here once they arrive."}
              </p>
            </EmptyState>
          }
        >
          {rows.map((row, index) => (
            <IndexTable.Row
              id={row.id}
              key={row.id}
              position={index}
              selected={selectedResources.includes(row.id)}
              tone={row.status === "FAILED" ? "critical" : undefined}
            >
              <IndexTable.Cell>
                <Link to={`/app/orders/${row.orderId}`} data-primary-link>
                  <Text as="span" fontWeight="semibold">
                    {row.orderName}
                  </Text>
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.connectionTitle}</IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="100">
                  <span>
                    <FulfillmentStatusBadge status={row.status} />
                  </span>
                  {row.failureReason ? (
                    <Text as="span" tone="critical" variant="bodySm" truncate>
                      {row.failureReason}
                    </Text>
                  ) : null}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{formatDateTime(row.createdAt)}</IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {row.units}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {row.trackingNumbers.length ? (
                  <InlineStack gap="100">
                    {row.trackingNumbers.map((t) => (
                      <Text as="span" key={t} variant="bodySm">
                        {t}
                      </Text>
                    ))}
                  </InlineStack>
                ) : (
                  <Text as="span" tone="subdued">
                    —
                  </Text>
                )}
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
        <div style={{ display: "flex", justifyContent: "center", padding: "var(--p-space-300)" }}>
          <Pagination
            hasPrevious={page.pageInfo.hasPrevious}
            onPrevious={() => goPage("before", page.pageInfo.startCursor)}
            hasNext={page.pageInfo.hasNext}
            onNext={() => goPage("after", page.pageInfo.endCursor)}
          />
        </div>
      </Card>
      <Modal
        open={cancelling}
        onClose={() => setCancelling(false)}
        title={`Cancel ${plural(selected.length, "fulfillment")}?`}
        primaryAction={{
          content: "Cancel fulfillments",
          destructive: true,
          loading: fetcher.state !== "idle",
          onAction: () => fetcher.submit({ intent: "cancel", ids: selected.join(","), reason: cancelReason }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Keep them", onAction: () => setCancelling(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">
              Fulfillers that already have them are asked to drop them. Shipped and delivered ones cannot be cancelled.
            </Text>
            <TextField label="Reason (for the timeline)" value={cancelReason} onChange={setCancelReason} autoComplete="off" />
            {fetcher.data && !fetcher.data.ok ? <Text as="p" tone="critical">{fetcher.data.message}</Text> : null}
          </BlockStack>
        </Modal.Section>
      </Modal>
      <CsvUpload
        open={importing === "tracking"}
        onClose={() => setImporting(null)}
        title="Import tracking numbers"
        url="/app/fulfillments/import"
        actionLabel="Import"
        help={
          <BlockStack gap="200">
            <Text as="p">
              Columns <b>orderId</b>, <b>clientFulfillmentId</b> (the header is required, the value may be empty), <b>trackingNumber</b>,
              and optionally <b>carrier</b>, <b>method</b>, <b>trackingUrl</b>. An exported file with tracking numbers typed in works too.
            </Text>
            <List>
              <List.Item>Only fulfillments in Hold take tracking from a file.</List.Item>
              <List.Item>Several tracking numbers go in one cell, separated by “;”.</List.Item>
              <List.Item>If any row is wrong, nothing is imported and each row's problem is listed.</List.Item>
            </List>
          </BlockStack>
        }
      />
      <CsvUpload
        open={importing === "returns"}
        onClose={() => setImporting(null)}
        title="Upload returns"
        url="/app/fulfillments/returns"
        actionLabel="Upload"
        help={
          <Text as="p">
            Columns <b>orderId</b>, <b>status</b> (RETURNED or CANCELLED) and optionally <b>rmaNumber</b>; or an exported file with its
            status column changed. If any row is wrong, nothing changes.
          </Text>
        }
      />
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Fulfillments" />;
}

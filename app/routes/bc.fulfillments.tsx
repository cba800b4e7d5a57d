// Fulfillments (BigDesign view of app/lib/admin/fulfillments.server.ts): every fulfillment of the
// store, filtered by status, fulfiller, dates, order and tracking number, in keyset pages; Export
// CSV of the filter on screen, Import tracking numbers, Upload returns; resend or cancel several.
import { Box, Button, Checkbox, Flex, FormGroup, Grid, Input, Message, Modal, Panel, Select, Small, Table, Text } from "@bigcommerce/big-design";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FulfillmentStatusBadge } from "~/components/bc/badges";
import { CsvUploadModal } from "~/components/bc/CsvUpload";
import { PageHeader } from "~/components/bc/PageHeader";
import { BcRouteError } from "~/components/bc/RouteError";
import { ResultMessage } from "~/components/bc/ResultMessage";
import { BcLink, useBcAction, useBcHref } from "~/components/bc/session";
import { formatDateTime, humanize, plural } from "~/components/format";
import { STATUSES } from "~/fulfillment/types";
import { fulfillmentsAction, fulfillmentsData } from "~/lib/admin/fulfillments.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";
import { filterQuery } from "~/lib/fulfillment-search";
import type { FulfillmentRow } from "~/use-cases/queries/listFulfillments";

export const meta: MetaFunction = () => [{ title: "Fulfillments · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => fulfillmentsData(await bigCommerceAdminPage(request), request);

export const action = async ({ request }: ActionFunctionArgs) => fulfillmentsAction(await bigCommerceAdminPage(request), request);

const IMPORTS = {
  tracking: {
    title: "Import tracking numbers",
    path: "/fulfillments/import",
    help: "A CSV with the columns of the export (orderId, sku, quantity, trackingNumber, carrier). All rows are checked first: with one bad row nothing is imported.",
  },
  returns: {
    title: "Upload returns",
    path: "/fulfillments/returns",
    help: "A CSV of orderId, status (RETURNED or CANCELLED) and an optional rmaNumber; the exported file with its status column edited also works.",
  },
} as const;

export default function Fulfillments() {
  const { page, connections } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const href = useBcHref();
  const formAction = useBcAction();
  const fetcher = useFetcher<typeof action>();
  const [selected, setSelected] = useState<FulfillmentRow[]>([]);
  const [importing, setImporting] = useState<keyof typeof IMPORTS | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");
  const [statuses, setStatuses] = useState<string[]>(params.getAll("status").flatMap((s) => s.split(",")));
  const [connection, setConnection] = useState(params.get("connection") ?? "");
  const [from, setFrom] = useState(params.get("from") ?? "");
  const [to, setTo] = useState(params.get("to") ?? "");
  const [order, setOrder] = useState(params.get("order") ?? "");
  const [tracking, setTracking] = useState(params.get("tracking") ?? "");

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) {
      setSelected([]);
      setCancelling(false);
      setReason("");
    }
  }, [fetcher.state, fetcher.data]);

  const filter = () => {
    const next = new URLSearchParams();
    for (const s of statuses) next.append("status", s);
    for (const [key, value] of Object.entries({ connection, from, to, order: order.trim(), tracking: tracking.trim() })) {
      if (value) next.set(key, value);
    }
    return next;
  };
  const apply = () => navigate(href(`/fulfillments?${filter()}`));
  const clear = () => navigate(href("/fulfillments"));
  const goPage = (key: "after" | "before", cursor: string | null) => {
    if (!cursor) return;
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    next.delete("context");
    next.set(key, cursor);
    navigate(href(`/fulfillments?${next}`));
  };
  const bulk = (intent: "resend" | "cancel") =>
    fetcher.submit({ intent, ids: selected.map((r) => r.id).join(","), reason }, { method: "post", action: formAction });
  const current = new URLSearchParams(params);
  current.delete("context");
  const exportHref = href(`/fulfillments/export?${filterQuery(current)}`);
  const failedSelected = selected.filter((r) => r.status === "FAILED").length;

  return (
    <>
      <PageHeader
        title="Fulfillments"
        actions={
          <>
            {params.get("tracking") ? (
              <Small marginBottom="none">Clear the tracking filter to export</Small>
            ) : (
              <a href={exportHref} download>
                <Button variant="primary" tabIndex={-1}>
                  Export CSV
                </Button>
              </a>
            )}
            <Button variant="secondary" onClick={() => setImporting("tracking")}>
              Import tracking numbers
            </Button>
            <Button variant="secondary" onClick={() => setImporting("returns")}>
              Upload returns
            </Button>
          </>
        }
      />
      {fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? (
        <Message type="error" header="Nothing was changed" messages={[{ text: fetcher.data.message }]} marginBottom="medium" />
      ) : (
        <ResultMessage result={fetcher.state === "idle" ? fetcher.data : null} />
      )}
      <Panel header="Filter">
        <Grid gridColumns={{ mobile: "1fr", tablet: "repeat(2, 1fr)", desktop: "repeat(4, 1fr)" }} gridGap="1rem">
          <FormGroup>
            <Input label="Order" value={order} onChange={(e) => setOrder(e.target.value)} placeholder="Name or number" />
          </FormGroup>
          <FormGroup>
            <Select
              label="Fulfiller"
              options={[{ value: "", content: "Any fulfiller" }, ...connections.map((c) => ({ value: c.id, content: c.title }))]}
              value={connection}
              onOptionChange={(value) => setConnection(value ?? "")}
            />
          </FormGroup>
          <FormGroup>
            <Input label="Created from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </FormGroup>
          <FormGroup>
            <Input label="Created to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </FormGroup>
          <FormGroup>
            <Input label="Tracking number" value={tracking} onChange={(e) => setTracking(e.target.value)} placeholder="e.g. 1Z999AA10123456784" />
          </FormGroup>
        </Grid>
        <Text bold marginBottom="xSmall">
          Status
        </Text>
        <Flex flexGap="1rem" flexWrap="wrap" marginBottom="medium">
          {STATUSES.map((s) => (
            <Checkbox
              key={s}
              label={humanize(s)}
              checked={statuses.includes(s)}
              onChange={(e) => setStatuses((list) => (e.target.checked ? [...list, s] : list.filter((x) => x !== s)))}
            />
          ))}
        </Flex>
        <Flex flexGap="0.5rem">
          <Button variant="primary" onClick={apply}>
            Apply
          </Button>
          <Button variant="subtle" onClick={clear}>
            Clear all
          </Button>
        </Flex>
      </Panel>
      <Panel>
        <Table
          itemName="fulfillments"
          keyField="id"
          items={page.items}
          selectable={{ selectedItems: selected, onSelectionChange: setSelected }}
          actions={
            selected.length > 0 ? (
              <Flex flexGap="0.5rem" alignItems="center">
                <Small marginBottom="none">{plural(selected.length, "fulfillment")} selected</Small>
                <Button variant="secondary" disabled={failedSelected === 0} isLoading={fetcher.state !== "idle"} onClick={() => bulk("resend")}>
                  Resend failed
                </Button>
                <Button variant="subtle" actionType="destructive" onClick={() => setCancelling(true)}>
                  Cancel
                </Button>
              </Flex>
            ) : undefined
          }
          emptyComponent={<Text>No fulfillments match this filter.</Text>}
          columns={[
            { header: "Order", hash: "order", render: (r) => <BcLink to={`/orders/${r.orderId}`}>{r.orderName}</BcLink> },
            { header: "Status", hash: "status", render: (r) => <FulfillmentStatusBadge status={r.status} /> },
            { header: "Fulfiller", hash: "fulfiller", render: (r) => r.connectionTitle },
            { header: "Units", hash: "units", align: "right", render: (r) => r.units },
            {
              header: "Tracking",
              hash: "tracking",
              render: (r) => (r.trackingNumbers.length ? r.trackingNumbers.join(", ") : r.failureReason ? r.failureReason : "—"),
            },
            { header: "Created", hash: "created", render: (r) => formatDateTime(r.createdAt) },
          ]}
        />
        <Flex justifyContent="center" flexGap="1rem" marginTop="medium">
          <Button variant="subtle" disabled={!page.pageInfo.hasPrevious} onClick={() => goPage("before", page.pageInfo.startCursor)}>
            Previous
          </Button>
          <Button variant="subtle" disabled={!page.pageInfo.hasNext} onClick={() => goPage("after", page.pageInfo.endCursor)}>
            Next
          </Button>
        </Flex>
      </Panel>
      <Modal
        isOpen={cancelling}
        header={`Cancel ${plural(selected.length, "fulfillment")}?`}
        onClose={() => setCancelling(false)}
        closeOnEscKey
        actions={[
          { text: "Keep them", variant: "subtle", onClick: () => setCancelling(false) },
          { text: "Cancel fulfillments", actionType: "destructive", isLoading: fetcher.state !== "idle", onClick: () => bulk("cancel") },
        ]}
      >
        <Text>Fulfillers that already have them are asked to drop them. What has shipped cannot be cancelled.</Text>
        <Box>
          <Input label="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Box>
      </Modal>
      {importing ? (
        <CsvUploadModal
          isOpen
          title={IMPORTS[importing].title}
          help={IMPORTS[importing].help}
          url={href(IMPORTS[importing].path)}
          onClose={() => setImporting(null)}
        />
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <BcRouteError title="Fulfillments" />;
}

// Dashboard (BigDesign view of the shared page logic, app/lib/admin/dashboard.server.ts): where the
// store's fulfillments and orders stand, what needs a person, jobs, shipments and deliveries per day.
import { Box, Flex, Grid, H2, H3, Panel, Small, Table, Text } from "@bigcommerce/big-design";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FulfillmentStatusBadge, OrderStateBadge } from "~/components/bc/badges";
import { PageHeader } from "~/components/bc/PageHeader";
import { BcRouteError } from "~/components/bc/RouteError";
import { BcLink } from "~/components/bc/session";
import { formatDateTime, formatDay, humanize, plural } from "~/components/format";
import { STATUSES } from "~/fulfillment/types";
import { dashboardData } from "~/lib/admin/dashboard.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => dashboardData(await bigCommerceAdminPage(request));

const JOB_LABELS: Record<string, string> = {
  hold: "Send held orders",
  sync: "Fetch shipments",
  push: "Push to the store",
  reconcile: "Catch missed orders",
  track: "Carrier tracking",
};

function Metric({ label, value, detail }: { label: string; value: number; detail: string }) {
  return (
    <Panel marginBottom="none">
      <Small marginBottom="xxSmall">{label}</Small>
      <H2 marginBottom="xxSmall">{value.toLocaleString("en-US")}</H2>
      <Text color="secondary60" marginBottom="none">
        {detail}
      </Text>
    </Panel>
  );
}

export default function Dashboard() {
  const { summary } = useLoaderData<typeof loader>();
  const open = summary.fulfillmentsByStatus.HOLD + summary.fulfillmentsByStatus.PENDING + summary.fulfillmentsByStatus.PENDING_SHIPMENT;

  if (summary.totalFulfillments === 0 && summary.totalOrders === 0 && summary.connections.active === 0) {
    return (
      <>
        <PageHeader title="Dashboard" />
        <Panel header="Route your orders to the people who ship them">
          <Text>Activate a fulfiller, assign your products to it, and Consign sends each order and syncs its tracking back.</Text>
          <BcLink to="/fulfillers">Add a fulfiller</BcLink>
        </Panel>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Dashboard" actions={<BcLink to="/fulfillments">Fulfillments</BcLink>} />
      {summary.connections.active > 0 && !summary.connections.hasDefault ? (
        <Panel marginBottom="medium">
          <Text marginBottom="none">
            Products without an assignment are not sent anywhere. Assign them on the <BcLink to="/products">Products</BcLink> page, or
            open a fulfiller and choose “Assign to all products”.
          </Text>
        </Panel>
      ) : null}
      <Grid gridColumns={{ mobile: "1fr", tablet: "repeat(3, 1fr)" }} gridGap="1rem" marginBottom="medium">
        <Metric label="Orders" value={summary.totalOrders} detail={`${plural(summary.ordersByState.SHIPPED, "order")} fully shipped`} />
        <Metric label="Open fulfillments" value={open} detail="In hold, pending or awaiting the carrier" />
        <Metric label="Need attention" value={summary.fulfillmentsByStatus.FAILED} detail="Rejected by the fulfiller" />
      </Grid>
      <Grid gridColumns={{ mobile: "1fr", desktop: "2fr 1fr" }} gridGap="1rem" marginBottom="medium">
        <Box>
          <Panel header="Needs attention">
            {summary.attention.length === 0 ? (
              <Text marginBottom="none">Nothing needs you right now.</Text>
            ) : (
              summary.attention.map((item) => (
                <Box key={`${item.kind}-${item.id}`} marginBottom="medium">
                  <H3 marginBottom="xxSmall">
                    {item.orderId ? <BcLink to={`/orders/${item.orderId}`}>{item.title}</BcLink> : item.title}
                  </H3>
                  <Text marginBottom="xxSmall">{item.detail}</Text>
                  <Small>
                    {humanize(item.kind)} · {item.action} · {formatDateTime(item.at)}
                  </Small>
                </Box>
              ))
            )}
          </Panel>
          <Panel header={`Shipments and deliveries, last ${summary.perDay.length} days`}>
            <Table
              columns={[
                { header: "Day", hash: "day", render: ({ day }) => formatDay(day) },
                { header: "Shipments", hash: "shipments", align: "right", render: ({ shipments }) => shipments },
                { header: "Deliveries", hash: "deliveries", align: "right", render: ({ deliveries }) => deliveries },
              ]}
              items={summary.perDay}
              keyField="day"
            />
          </Panel>
        </Box>
        <Box>
          <Panel header="Fulfillments by status">
            {STATUSES.map((status) => (
              <Flex key={status} justifyContent="space-between" alignItems="center" marginBottom="xSmall">
                <BcLink to={`/fulfillments?status=${status}`} aria-label={`${humanize(status)} fulfillments`}>
                  <FulfillmentStatusBadge status={status} />
                </BcLink>
                <Text marginBottom="none">{summary.fulfillmentsByStatus[status].toLocaleString("en-US")}</Text>
              </Flex>
            ))}
          </Panel>
          <Panel header="Orders">
            {(["UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"] as const).map((state) => (
              <Flex key={state} justifyContent="space-between" alignItems="center" marginBottom="xSmall">
                <OrderStateBadge state={state} />
                <Text marginBottom="none">{summary.ordersByState[state].toLocaleString("en-US")}</Text>
              </Flex>
            ))}
          </Panel>
        </Box>
      </Grid>
      <Panel header="Jobs">
        <Table
          columns={[
            { header: "Job", hash: "job", render: ({ job }) => JOB_LABELS[job] ?? job },
            { header: "Last run", hash: "last", render: ({ lastRun }) => (lastRun ? formatDateTime(lastRun.startedAt) : "Never") },
            {
              header: "Result",
              hash: "result",
              render: ({ lastRun }) => (lastRun ? (lastRun.error ? "Failed" : lastRun.finishedAt ? "Done" : "Running") : "—"),
            },
            {
              header: "Counts",
              hash: "counts",
              render: ({ lastRun }) =>
                lastRun
                  ? Object.entries(lastRun.counts)
                      .filter(([, n]) => n > 0)
                      .map(([k, n]) => `${k} ${n}`)
                      .join(", ") || "nothing to do"
                  : "—",
            },
            { header: "Next run", hash: "next", render: ({ nextRunAt }) => (nextRunAt ? formatDateTime(nextRunAt) : "Not scheduled") },
          ]}
          items={summary.jobs}
          keyField="job"
        />
      </Panel>
    </>
  );
}

export function ErrorBoundary() {
  return <BcRouteError title="Dashboard" />;
}

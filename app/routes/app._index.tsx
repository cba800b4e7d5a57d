// Dashboard: where the shop's fulfillments and orders stand, when each job ran and runs next, what
// needs a person, and shipments and deliveries per day.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  DataTable,
  Divider,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { DayChart } from "~/components/DayChart";
import { EMPTY_IMAGE } from "~/components/emptyImage";
import { formatDateTime, humanize, plural } from "~/components/format";
import { RouteError } from "~/components/RouteError";
import { SectionCard } from "~/components/SectionCard";
import { FulfillmentStatusBadge, OrderStateBadge } from "~/components/StatusBadge";
import { STATUSES } from "~/fulfillment/types";
import { dashboardData } from "~/lib/admin/dashboard.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Consign" }];

export const loader = async ({ request }: LoaderFunctionArgs) => dashboardData(await shopifyAdminPage(request));

const JOB_LABELS: Record<string, string> = {
  hold: "Send held orders",
  sync: "Fetch shipments",
  push: "Push to the store",
  reconcile: "Catch missed orders",
  track: "Carrier tracking",
};

export default function Dashboard() {
  const { summary } = useLoaderData<typeof loader>();
  const shippedOrders = summary.ordersByState.SHIPPED;
  const openCount = summary.fulfillmentsByStatus.HOLD + summary.fulfillmentsByStatus.PENDING + summary.fulfillmentsByStatus.PENDING_SHIPMENT;

  if (summary.totalFulfillments === 0 && summary.totalOrders === 0 && summary.connections.active === 0) {
    return (
      <Page title="Dashboard">
        <Card>
          <EmptyState
            heading="Route your orders to the people who ship them"
            action={{ content: "Add a fulfiller", url: "/app/fulfillers" }}
            secondaryAction={{ content: "Settings", url: "/app/settings" }}
            image={EMPTY_IMAGE}
          >
            <p>Activate a fulfiller, assign your products to it, and Consign sends each order and syncs its tracking back.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page title="Dashboard" secondaryActions={[{ content: "Fulfillments", url: "/app/fulfillments" }]}>
      <BlockStack gap="400">
        {summary.connections.active > 0 && !summary.connections.hasDefault ? (
          <Banner tone="info" title="Products without an assignment are not sent anywhere">
            <p>
              Assign products on the <Link to="/app/products">Products</Link> page, or open a fulfiller and choose
              “Assign to all products”.
            </p>
          </Banner>
        ) : null}
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
          <Metric label="Orders" value={summary.totalOrders} detail={`${plural(shippedOrders, "order")} fully shipped`} />
          <Metric label="Open fulfillments" value={openCount} detail="In hold, pending or awaiting the carrier" />
          <Metric
            label="Need attention"
            value={summary.fulfillmentsByStatus.FAILED}
            detail="Rejected by the fulfiller"
            tone={summary.fulfillmentsByStatus.FAILED > 0 ? "critical" : undefined}
          />
        </InlineGrid>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <SectionCard title={`Shipments and deliveries, last ${summary.perDay.length} days`}>
                <DayChart points={summary.perDay} />
              </SectionCard>
              <Card padding="0">
                <Box padding="400">
                  <Text as="h2" variant="headingMd">
                    Needs attention
                  </Text>
                </Box>
                {summary.attention.length === 0 ? (
                  <Box padding="400" paddingBlockStart="0">
                    <Text as="p" tone="subdued">
                      Nothing needs you right now.
                    </Text>
                  </Box>
                ) : (
                  <BlockStack>
                    {summary.attention.map((item) => (
                      <Box key={item.id}>
                        <Divider />
                        <Box padding="400">
                          <BlockStack gap="100">
                            <InlineStack gap="200" blockAlign="center">
                              <Badge tone={item.kind === "FAILED_RUN" ? "warning" : "critical"}>{humanize(item.kind)}</Badge>
                              <Text as="span" variant="headingSm">
                                {item.orderId ? <Link to={`/app/orders/${item.orderId}`}>{item.title}</Link> : item.title}
                              </Text>
                            </InlineStack>
                            <Text as="p">{item.detail}</Text>
                            <Text as="p" tone="subdued">
                              {item.action} · {formatDateTime(item.at)}
                            </Text>
                          </BlockStack>
                        </Box>
                      </Box>
                    ))}
                  </BlockStack>
                )}
              </Card>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <SectionCard title="Fulfillments by status">
                  {STATUSES.map((status) => (
                    <InlineStack key={status} align="space-between" blockAlign="center">
                      <Link to={`/app/fulfillments?status=${status}`}>
                        <FulfillmentStatusBadge status={status} />
                      </Link>
                      <Text as="span" numeric>
                        {summary.fulfillmentsByStatus[status].toLocaleString("en-US")}
                      </Text>
                    </InlineStack>
                  ))}
              </SectionCard>
              <SectionCard title="Orders">
                  {(["UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED"] as const).map((state) => (
                    <InlineStack key={state} align="space-between" blockAlign="center">
                      <OrderStateBadge state={state} />
                      <Text as="span" numeric>
                        {summary.ordersByState[state].toLocaleString("en-US")}
                      </Text>
                    </InlineStack>
                  ))}
              </SectionCard>
            </BlockStack>
          </Layout.Section>
        </Layout>
        <Card padding="0">
          <Box padding="400">
            <Text as="h2" variant="headingMd">
              Jobs
            </Text>
          </Box>
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={["Job", "Last run", "Result", "Counts", "Next run"]}
            rows={summary.jobs.map((job) => [
              JOB_LABELS[job.job] ?? job.job,
              job.lastRun ? formatDateTime(job.lastRun.startedAt) : "Never",
              job.lastRun ? (
                job.lastRun.error ? (
                  <Badge key="result" tone="critical">Failed</Badge>
                ) : job.lastRun.finishedAt ? (
                  <Badge key="result" tone="success">Done</Badge>
                ) : (
                  <Badge key="result" tone="info">Running</Badge>
                )
              ) : (
                "—"
              ),
              job.lastRun
                ? Object.entries(job.lastRun.counts)
                    .filter(([, n]) => n > 0)
                    .map(([k, n]) => `${k} ${n}`)
                    .join(", ") || "nothing to do"
                : "—",
              job.nextRunAt ? formatDateTime(job.nextRunAt) : "Not scheduled",
            ])}
          />
        </Card>
      </BlockStack>
    </Page>
  );
}

function Metric({
  label,
  value,
  detail,
  tone,
}: {
  label: string;
  value: number;
  detail: string;
  tone?: "critical";
}) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl" tone={tone}>
          {value.toLocaleString("en-US")}
        </Text>
        <Text as="p" tone="subdued">
          {detail}
        </Text>
      </BlockStack>
    </Card>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Dashboard" />;
}

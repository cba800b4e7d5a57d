// One order: each line with how much of it the shipments cover, its fulfillments and their
// statuses, each shipment with carrier, tracking links and where each push to the store stands,
// the manual fulfillment form, and the timeline.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Link as PolarisLink,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { formatDateTime, humanize, plural } from "~/components/format";
import { PartnerOrderSection } from "~/components/PartnerOrders";
import { RouteError } from "~/components/RouteError";
import { SectionCard } from "~/components/SectionCard";
import { FulfillmentStatusBadge, OrderStateBadge, PushStateBadge, ShipmentStateBadge } from "~/components/StatusBadge";
import { useResultToast } from "~/components/toast";
import { QTY } from "~/lib/admin/fields";
import { orderAction, orderData } from "~/lib/admin/orders.server";
import { shopifyAdminPage } from "~/lib/admin/page.server";
import type { OrderDetail } from "~/use-cases/queries/getOrderDetail";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.name ?? "Order"} · Consign` }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => orderData(await shopifyAdminPage(request), params.id);

export const action = async ({ request, params }: ActionFunctionArgs) =>
  orderAction(await shopifyAdminPage(request), params.id, request);

export default function OrderPage() {
  const { order, partnerOrders } = useLoaderData<typeof loader>();
  const parts = useFetcher<typeof action>();
  useResultToast(parts.state === "idle" ? parts.data : null);
  const posted = useActionData<typeof action>();
  const partFailure = parts.data ?? posted;
  const placed = formatDateTime(order.placedAt);
  const unassigned = order.lines.filter((l) => !l.fulfillmentId && l.due > 0);

  return (
    <Page
      title={order.name}
      titleMetadata={<OrderStateBadge state={order.shipmentState} />}
      subtitle={`Placed ${placed}${order.customerName ? ` · ${order.customerName}` : ""} · store order ${order.platformOrderId}`}
      backAction={{ content: "Fulfillments", url: "/app/fulfillments" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {partFailure && !partFailure.ok && "kind" in partFailure && partFailure.kind !== "invalid" ? (
              <Banner tone="critical" title="Nothing was changed">
                <p>{partFailure.message}</p>
              </Banner>
            ) : null}
            {order.cancelledAt ? (
              <Banner tone="warning" title={`Cancelled in the store on ${formatDateTime(order.cancelledAt)}`} />
            ) : null}
            {unassigned.length ? (
              <Banner tone="warning" title={`${plural(unassigned.length, "line")} no fulfiller takes`}>
                <p>
                  Assign {unassigned.map((l) => l.title).join(", ")} on <Link to="/app/products">Products</Link>; new orders will follow.
                </p>
              </Banner>
            ) : null}
            <SectionCard title="Items">
              <BlockStack gap="300">
                {order.lines.map((line) => (
                  <BlockStack gap="100" key={line.lineId}>
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <BlockStack gap="050">
                        <Text as="span" fontWeight="semibold">
                          {line.title}
                        </Text>
                        <Text as="span" tone="subdued" variant="bodySm">
                          {line.sku ? `SKU ${line.sku} · ` : ""}
                          {line.fulfillerTitle ?? "No fulfiller"}
                        </Text>
                      </BlockStack>
                      <Text as="span" numeric>
                        {line.covered} of {line.due} shipped
                        {line.cancelled ? ` · ${line.cancelled} cancelled` : ""}
                      </Text>
                    </InlineStack>
                    <ProgressBar
                      progress={line.due === 0 ? 100 : Math.min(100, Math.round((line.covered / line.due) * 100))}
                      tone={line.due > 0 && line.remaining === 0 ? "success" : "primary"}
                      size="small"
                    />
                  </BlockStack>
                ))}
              </BlockStack>
            </SectionCard>
            <SectionCard
              title="Fulfillments"
              empty={order.fulfillments.length === 0 && "No line of this order is assigned to a fulfiller."}
            >
              <BlockStack gap="300">
                {order.fulfillments.map((f, i) => (
                    <BlockStack gap="200" key={f.id}>
                      {i > 0 ? <Divider /> : null}
                      <InlineStack align="space-between" blockAlign="center">
                        <InlineStack gap="200" blockAlign="center">
                          <Text as="span" fontWeight="semibold">
                            {f.connectionTitle}
                          </Text>
                          <FulfillmentStatusBadge status={f.status} />
                        </InlineStack>
                        <InlineStack gap="200">
                          {f.canResend ? (
                            <Button
                              size="slim"
                              onClick={() => parts.submit({ intent: "resend", fulfillmentId: f.id }, { method: "post" })}
                              loading={parts.state !== "idle"}
                            >
                              Resend
                            </Button>
                          ) : null}
                          {f.canCancel ? (
                            <Button
                              size="slim"
                              tone="critical"
                              variant="plain"
                              onClick={() => parts.submit({ intent: "cancel", fulfillmentId: f.id }, { method: "post" })}
                            >
                              Cancel
                            </Button>
                          ) : null}
                        </InlineStack>
                      </InlineStack>
                      <Text as="p" tone="subdued" variant="bodySm">
                        {f.lines.map((l) => `${l.quantity} × ${l.title}`).join(", ")}
                        {f.clientFulfillmentId ? ` · fulfiller reference ${f.clientFulfillmentId}` : ""}
                        {f.sentAt ? ` · sent ${formatDateTime(f.sentAt)}` : ""}
                      </Text>
                      {f.failureReason ? (
                        <Text as="p" tone="critical">
                          {f.failureReason}
                        </Text>
                      ) : null}
                    </BlockStack>
                ))}
              </BlockStack>
            </SectionCard>
            <Shipments order={order} />
            <PartnerOrderSection rows={partnerOrders} />
            <ManualShipmentForm order={order} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Timeline order={order} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Shipments({ order }: { order: OrderDetail }) {
  const titleOf = new Map(order.fulfillments.map((f) => [f.id, f.connectionTitle]));
  return (
    <SectionCard title="Shipments" empty={order.shipments.length === 0 && "No package has been reported yet."}>
      <BlockStack gap="300">
        {order.shipments.map((s, i) => (
            <BlockStack gap="200" key={s.id}>
              {i > 0 ? <Divider /> : null}
              <InlineStack gap="200" blockAlign="center">
                <ShipmentStateBadge state={s.state} />
                <Text as="span" fontWeight="semibold">
                  {[s.carrier, s.method].filter(Boolean).join(" · ") || "Carrier not given"}
                </Text>
                {s.carrierStatus ? <Badge tone="info">{humanize(s.carrierStatus)}</Badge> : null}
                <Text as="span" tone="subdued" variant="bodySm">
                  from {titleOf.get(s.fulfillmentId) ?? "a fulfiller"} · {formatDateTime(s.shippedAt ?? s.createdAt)}
                </Text>
              </InlineStack>
              {s.rejectReason ? (
                <Text as="p" tone="critical">
                  {s.rejectReason}
                </Text>
              ) : null}
              <InlineStack gap="300">
                {s.tracking.length === 0 ? (
                  <Text as="span" tone="subdued">
                    No tracking number
                  </Text>
                ) : (
                  s.tracking.map((t) =>
                    t.url ? (
                      <PolarisLink key={t.number} url={t.url} target="_blank">
                        {t.number}
                      </PolarisLink>
                    ) : (
                      <Text as="span" key={t.number}>
                        {t.number}
                      </Text>
                    ),
                  )
                )}
              </InlineStack>
              <Text as="p" variant="bodySm">
                {s.lines.map((l) => `${l.quantity} × ${l.title}`).join(", ")}
              </Text>
              {s.pushes.length ? (
                <Box background="bg-surface-secondary" padding="200" borderRadius="200">
                  <BlockStack gap="100">
                    {s.pushes.map((p) => (
                      <InlineStack key={p.id} gap="200" blockAlign="center">
                        <PushStateBadge state={p.state} />
                        <Text as="span" variant="bodySm">
                          {humanize(p.action)} → {humanize(p.target)}
                          {p.platformIds.length ? ` (${p.platformIds.join(", ")})` : ""}
                          {p.attempts > 1 ? ` · ${p.attempts} attempts` : ""}
                        </Text>
                        {p.lastError && p.state !== "DONE" ? (
                          <Text as="span" variant="bodySm" tone="critical">
                            {p.lastError}
                          </Text>
                        ) : null}
                      </InlineStack>
                    ))}
                  </BlockStack>
                </Box>
              ) : null}
            </BlockStack>
        ))}
      </BlockStack>
    </SectionCard>
  );
}

function ManualShipmentForm({ order }: { order: OrderDetail }) {
  const fetcher = useFetcher<typeof action>();
  const open = useMemo(
    () => order.fulfillments.filter((f) => f.status !== "CANCELLED" && f.lines.some((l) => l.remaining > 0)),
    [order.fulfillments],
  );
  const [fulfillmentId, setFulfillmentId] = useState(open[0]?.id ?? "");
  const part = open.find((f) => f.id === fulfillmentId) ?? open[0];
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [carrier, setCarrier] = useState("");
  const [tracking, setTracking] = useState("");
  const [url, setUrl] = useState("");
  useResultToast(fetcher.state === "idle" ? fetcher.data : null);
  // Without JavaScript the form posts as a document: its answer is the page's action data.
  const posted = useActionData<typeof action>();
  const answer = fetcher.data ?? posted;
  const errors = answer && !answer.ok && "fieldErrors" in answer ? answer.fieldErrors : {};

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) {
      setQuantities({});
      setTracking("");
      setUrl("");
    }
  }, [fetcher.state, fetcher.data]);

  if (!part) return null;
  const qtyOf = (lineId: string, remaining: number) => quantities[lineId] ?? String(remaining);
  const otherErrors = Object.entries(errors).filter(
    ([k]) => !k.startsWith(QTY) && !["carrier", "trackingNumbers", "trackingUrl", "fulfillmentId"].includes(k),
  );
  return (
    <Card>
      <fetcher.Form method="post" data-testid="manual-shipment-form">
        <input type="hidden" name="intent" value="ship" />
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Record a shipment
            </Text>
            <Text as="p" tone="subdued">
              For a package shipped outside a fulfiller's system. It is checked like any shipment and then pushed to the store.
            </Text>
          </BlockStack>
          {otherErrors.length ? (
            <Banner tone="critical" title="The shipment was not recorded">
              {otherErrors.map(([k, m]) => (
                <p key={k}>{m}</p>
              ))}
            </Banner>
          ) : null}
          <FormLayout>
            {open.length > 1 ? (
              <Select
                label="Fulfillment"
                name="fulfillmentId"
                options={open.map((f) => ({ label: `${f.connectionTitle} (${humanize(f.status)})`, value: f.id }))}
                value={part.id}
                onChange={(v) => {
                  setFulfillmentId(v);
                  setQuantities({});
                }}
                error={errors.fulfillmentId}
              />
            ) : (
              <input type="hidden" name="fulfillmentId" value={part.id} />
            )}
            <BlockStack gap="200">
              {part.lines
                .filter((l) => l.remaining > 0)
                .map((l) => (
                  <InlineGrid key={l.orderLineId} columns={["twoThirds", "oneThird"]} gap="300" alignItems="center">
                    <Text as="span">
                      {l.title}
                      <Text as="span" tone="subdued">
                        {" "}
                        ({l.remaining} to ship)
                      </Text>
                    </Text>
                    <TextField
                      label={`Units of ${l.title}`}
                      labelHidden
                      type="number"
                      name={`${QTY}${l.orderLineId}`}
                      min={0}
                      max={l.remaining}
                      value={qtyOf(l.orderLineId, l.remaining)}
                      onChange={(v) => setQuantities((q) => ({ ...q, [l.orderLineId]: v }))}
                      autoComplete="off"
                      error={errors[`${QTY}${l.orderLineId}`]}
                    />
                  </InlineGrid>
                ))}
            </BlockStack>
            <FormLayout.Group>
              <TextField label="Carrier" name="carrier" value={carrier} onChange={setCarrier} autoComplete="off" placeholder="UPS" error={errors.carrier} />
              <TextField
                label="Tracking number(s)"
                name="trackingNumbers"
                value={tracking}
                onChange={setTracking}
                autoComplete="off"
                helpText="Several only when the package holds several items; separate them with commas."
                error={errors.trackingNumbers}
              />
            </FormLayout.Group>
            <TextField
              label="Tracking URL"
              name="trackingUrl"
              type="url"
              value={url}
              onChange={setUrl}
              autoComplete="off"
              placeholder="https://"
              error={errors.trackingUrl}
            />
          </FormLayout>
          <InlineStack align="end">
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              Record shipment
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}

function Timeline({ order }: { order: OrderDetail }) {
  return (
    <SectionCard title="Timeline" empty={order.timeline.length === 0 && "Nothing yet."}>
          <BlockStack gap="300">
            {order.timeline.map((e) => (
              <BlockStack gap="050" key={e.id}>
                <InlineStack gap="100" blockAlign="center">
                  {e.kind === "STATUS" && e.to ? (
                    <>
                      {e.from ? <FulfillmentStatusBadge status={e.from} /> : null}
                      <Text as="span">→</Text>
                      <FulfillmentStatusBadge status={e.to} />
                    </>
                  ) : (
                    <Text as="span" fontWeight="semibold">
                      {humanize(e.kind)}
                    </Text>
                  )}
                </InlineStack>
                {e.reason ? <Text as="p">{e.reason}</Text> : null}
                <Text as="p" tone="subdued" variant="bodySm">
                  {formatDateTime(e.at)} · {e.actor}
                </Text>
              </BlockStack>
            ))}
            {order.timelineTruncated ? (
              <Text as="p" tone="subdued">
                Older events are not shown.
              </Text>
            ) : null}
          </BlockStack>
    </SectionCard>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Order" backUrl="/app/fulfillments" />;
}

// One order (BigDesign view of app/lib/admin/orders.server.ts): each line with how much of it the
// shipments cover, its fulfillments and their statuses, each shipment with carrier, tracking and
// where each push to BigCommerce stands, the manual shipment form, and the timeline.
import { Box, Button, Flex, FormGroup, Grid, H3, Input, Link, Message, Panel, ProgressBar, Select, Small, Table, Text } from "@bigcommerce/big-design";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FulfillmentStatusBadge, OrderStateBadge, PushStateBadge, ShipmentStateBadge } from "~/components/bc/badges";
import { PageHeader } from "~/components/bc/PageHeader";
import { BcRouteError } from "~/components/bc/RouteError";
import { fieldErrors, ResultMessage } from "~/components/bc/ResultMessage";
import { PartnerOrderSection } from "~/components/bc/PartnerOrders";
import { BcLink, useBcAction, useBcHref } from "~/components/bc/session";
import { formatDateTime, humanize, plural } from "~/components/format";
import { QTY } from "~/lib/admin/fields";
import { orderAction, orderData } from "~/lib/admin/orders.server";
import { bigCommerceAdminPage } from "~/lib/bc-auth.server";
import type { OrderDetail } from "~/use-cases/queries/getOrderDetail";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.name ?? "Order"} · Consign` }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => orderData(await bigCommerceAdminPage(request), params.id);

export const action = async ({ request, params }: ActionFunctionArgs) => orderAction(await bigCommerceAdminPage(request), params.id, request);

function ManualShipment({ order }: { order: OrderDetail }) {
  const fetcher = useFetcher<typeof action>();
  const formAction = useBcAction();
  const open = order.fulfillments.filter((f) => f.lines.some((l) => l.remaining > 0) && f.status !== "CANCELLED");
  const [fulfillmentId, setFulfillmentId] = useState(open[0]?.id ?? "");
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) setFormKey((k) => k + 1);
  }, [fetcher.state, fetcher.data]);
  if (open.length === 0) return null;
  const part = open.find((f) => f.id === fulfillmentId) ?? open[0];
  const errors = fetcher.state === "idle" ? fieldErrors(fetcher.data) : {};
  return (
    <Panel header="Record a shipment by hand" description="A package that left without the fulfiller reporting it: its items, carrier and tracking.">
      <ResultMessage result={fetcher.state === "idle" ? fetcher.data : null} />
      <fetcher.Form method="post" action={formAction} key={formKey} data-testid="manual-shipment-form">
        <input type="hidden" name="intent" value="ship" />
        <input type="hidden" name="fulfillmentId" value={part.id} />
        {open.length > 1 ? (
          <FormGroup>
            <Select
              label="Fulfillment"
              options={open.map((f) => ({ value: f.id, content: `${f.connectionTitle} (${humanize(f.status)})` }))}
              value={part.id}
              onOptionChange={(value) => setFulfillmentId(value ?? "")}
              error={errors.fulfillmentId}
            />
          </FormGroup>
        ) : null}
        {part.lines
          .filter((l) => l.remaining > 0)
          .map((l) => (
            <FormGroup key={l.orderLineId}>
              <Input
                label={`${l.title}${l.sku ? ` (${l.sku})` : ""}`}
                description={`${l.remaining} of ${l.quantity} still to ship`}
                name={`${QTY}${l.orderLineId}`}
                type="number"
                min={0}
                max={l.remaining}
                step={1}
                defaultValue=""
                error={errors[`${QTY}${l.orderLineId}`]}
              />
            </FormGroup>
          ))}
        <Grid gridColumns={{ mobile: "1fr", tablet: "1fr 2fr" }} gridGap="1rem">
          <FormGroup>
            <Input label="Carrier" name="carrier" placeholder="e.g. UPS" error={errors.carrier} />
          </FormGroup>
          <FormGroup>
            <Input
              label="Tracking numbers"
              name="trackingNumbers"
              description="Several only when the package's items went in several parcels"
              error={errors.trackingNumbers}
            />
          </FormGroup>
        </Grid>
        <FormGroup>
          <Input label="Tracking URL (optional)" name="trackingUrl" type="url" error={errors.trackingUrl} />
        </FormGroup>
        {errors.lines || errors.form ? <Message type="error" messages={[{ text: errors.lines ?? errors.form ?? "" }]} marginBottom="medium" /> : null}
        <Flex justifyContent="flex-end">
          <Button type="submit" variant="primary" isLoading={fetcher.state !== "idle"}>
            Record shipment
          </Button>
        </Flex>
      </fetcher.Form>
    </Panel>
  );
}

export default function OrderPage() {
  const { order, partnerOrders } = useLoaderData<typeof loader>();
  const parts = useFetcher<typeof action>();
  const formAction = useBcAction();
  const href = useBcHref();
  const unassigned = order.lines.filter((l) => !l.fulfillmentId && l.due > 0);
  const partFailure = parts.state === "idle" && parts.data && !parts.data.ok ? parts.data : null;

  return (
    <>
      <PageHeader
        title={order.name}
        badge={<OrderStateBadge state={order.shipmentState} />}
        description={`Placed ${formatDateTime(order.placedAt)}${order.customerName ? ` · ${order.customerName}` : ""} · store order ${order.platformOrderId}`}
        actions={<BcLink to="/fulfillments">Back to fulfillments</BcLink>}
      />
      {partFailure ? (
        <Message type="error" header="Nothing was changed" messages={[{ text: partFailure.message }]} marginBottom="medium" />
      ) : (
        <ResultMessage result={parts.state === "idle" ? parts.data : null} />
      )}
      {order.cancelledAt ? (
        <Message type="warning" messages={[{ text: `Cancelled in the store on ${formatDateTime(order.cancelledAt)}` }]} marginBottom="medium" />
      ) : null}
      {unassigned.length ? (
        <Message
          type="warning"
          header={`${plural(unassigned.length, "line")} no fulfiller takes`}
          messages={[{ text: `Assign ${unassigned.map((l) => l.title).join(", ")} on the Products page; new orders will follow.` }]}
          marginBottom="medium"
        />
      ) : null}
      <Grid gridColumns={{ mobile: "1fr", desktop: "2fr 1fr" }} gridGap="1rem">
        <Box>
          <Panel header="Items">
            {order.lines.map((line) => (
              <Box key={line.lineId} marginBottom="medium">
                <Flex justifyContent="space-between" alignItems="center">
                  <Box>
                    <Text bold marginBottom="none">
                      {line.title}
                    </Text>
                    <Small marginBottom="none">
                      {line.sku ? `SKU ${line.sku} · ` : ""}
                      {line.fulfillerTitle ?? "No fulfiller"}
                    </Small>
                  </Box>
                  <Text marginBottom="none">
                    {line.covered} of {line.due} shipped{line.cancelled ? ` · ${line.cancelled} cancelled` : ""}
                  </Text>
                </Flex>
                <ProgressBar percent={line.due === 0 ? 100 : Math.min(100, Math.round((line.covered / line.due) * 100))} />
              </Box>
            ))}
          </Panel>
          <Panel header="Fulfillments">
            {order.fulfillments.length === 0 ? <Text>No line of this order is assigned to a fulfiller.</Text> : null}
            {order.fulfillments.map((f) => (
              <Box key={f.id} marginBottom="medium">
                <Flex justifyContent="space-between" alignItems="center" marginBottom="xSmall">
                  <Flex alignItems="center" flexGap="0.5rem">
                    <H3 marginBottom="none">{f.connectionTitle}</H3>
                    <FulfillmentStatusBadge status={f.status} />
                  </Flex>
                  <Flex flexGap="0.5rem">
                    {f.canResend ? (
                      <Button
                        variant="secondary"
                        isLoading={parts.state !== "idle"}
                        onClick={() => parts.submit({ intent: "resend", fulfillmentId: f.id }, { method: "post", action: formAction })}
                      >
                        Resend
                      </Button>
                    ) : null}
                    {f.canCancel ? (
                      <Button
                        variant="subtle"
                        actionType="destructive"
                        onClick={() => parts.submit({ intent: "cancel", fulfillmentId: f.id }, { method: "post", action: formAction })}
                      >
                        Cancel
                      </Button>
                    ) : null}
                  </Flex>
                </Flex>
                <Small marginBottom="none">
                  {f.clientFulfillmentId ? `Fulfiller's reference ${f.clientFulfillmentId} · ` : ""}
                  {f.sentAt ? `sent ${formatDateTime(f.sentAt)}` : "not sent yet"}
                  {f.attempts > 1 ? ` · ${f.attempts} attempts` : ""}
                  {f.rmaNumber ? ` · RMA ${f.rmaNumber}` : ""}
                </Small>
                {f.failureReason ? <Message type="error" messages={[{ text: f.failureReason }]} marginTop="xSmall" /> : null}
              </Box>
            ))}
          </Panel>
          <Panel header="Shipments">
            {order.shipments.length === 0 ? <Text>No shipment yet.</Text> : null}
            {order.shipments.map((s) => (
              <Box key={s.id} marginBottom="medium">
                <Flex alignItems="center" flexGap="0.5rem" marginBottom="xSmall">
                  <ShipmentStateBadge state={s.state} />
                  <Text bold marginBottom="none">
                    {[s.carrier, s.method].filter(Boolean).join(" · ") || "Carrier not given"}
                  </Text>
                  {s.carrierStatus ? <Small marginBottom="none">{humanize(s.carrierStatus)}</Small> : null}
                </Flex>
                <Text marginBottom="xSmall">
                  {s.tracking.length === 0
                    ? "No tracking number"
                    : s.tracking.map((t, i) => (
                        <span key={t.number}>
                          {i > 0 ? ", " : ""}
                          {t.url ? (
                            <Link href={t.url} target="_blank" rel="noreferrer" external>
                              {t.number}
                            </Link>
                          ) : (
                            t.number
                          )}
                        </span>
                      ))}
                </Text>
                <Small marginBottom="xSmall">{s.lines.map((l) => `${l.quantity} × ${l.title}`).join(", ")}</Small>
                {s.rejectReason ? <Message type="error" messages={[{ text: s.rejectReason }]} marginBottom="xSmall" /> : null}
                {s.pushes.length ? (
                  <Table
                    keyField="id"
                    items={s.pushes}
                    columns={[
                      { header: "To the store", hash: "action", render: (p) => humanize(p.action) },
                      { header: "State", hash: "state", render: (p) => <PushStateBadge state={p.state} /> },
                      {
                        header: "Detail",
                        hash: "detail",
                        render: (p) => p.lastError ?? (p.platformIds.length ? `shipment ${p.platformIds.join(", ")}` : "—"),
                      },
                      { header: "Updated", hash: "updated", render: (p) => formatDateTime(p.updatedAt) },
                    ]}
                  />
                ) : null}
              </Box>
            ))}
          </Panel>
          <PartnerOrderSection rows={partnerOrders} href={href} />
          <ManualShipment order={order} />
        </Box>
        <Panel header="Timeline">
          {order.timeline.map((event) => (
            <Box key={event.id} marginBottom="small">
              <Text marginBottom="none">
                {event.from || event.to ? `${event.from ? humanize(event.from) : "—"} → ${event.to ? humanize(event.to) : "—"}` : humanize(event.kind)}
              </Text>
              {event.reason ? <Small marginBottom="none">{event.reason}</Small> : null}
              <Small marginBottom="none" color="secondary50">
                {formatDateTime(event.at)} · {event.actor}
              </Small>
            </Box>
          ))}
          {order.timelineTruncated ? <Small>Older events are not shown.</Small> : null}
        </Panel>
      </Grid>
    </>
  );
}

export function ErrorBoundary() {
  return <BcRouteError title="Order" back="/fulfillments" />;
}

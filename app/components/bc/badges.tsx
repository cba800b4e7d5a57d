// BigDesign badges for the statuses the admin shows (the same statuses as the Polaris view's
// StatusBadge.tsx): a fulfillment's, an order's shipment state, a shipment's, a push intent's.
import { Badge, type BadgeProps } from "@bigcommerce/big-design";
import { humanize } from "~/components/format";

type Variant = NonNullable<BadgeProps["variant"]>;

const FULFILLMENT: Record<string, Variant> = {
  HOLD: "warning",
  PENDING: "primary",
  PENDING_SHIPMENT: "primary",
  SHIPPED: "success",
  DELIVERED: "success",
  CANCELLED: "secondary",
  RMA_PENDING: "warning",
  RETURNED: "secondary",
  FAILED: "danger",
  RECYCLED: "warning",
};

export function FulfillmentStatusBadge({ status }: { status: string }) {
  return <Badge label={humanize(status)} variant={FULFILLMENT[status] ?? "secondary"} />;
}

const ORDER: Record<string, Variant> = { UNSHIPPED: "warning", PARTIALLY_SHIPPED: "primary", SHIPPED: "success" };

export function OrderStateBadge({ state }: { state: string }) {
  return <Badge label={humanize(state)} variant={ORDER[state] ?? "secondary"} />;
}

const SHIPMENT: Record<string, Variant> = { ACCEPTED: "success", REJECTED: "danger", CANCELLED: "secondary" };

export function ShipmentStateBadge({ state }: { state: string }) {
  return <Badge label={humanize(state)} variant={SHIPMENT[state] ?? "secondary"} />;
}

const PUSH: Record<string, Variant> = { PENDING: "warning", IN_FLIGHT: "primary", DONE: "success", FAILED: "danger", WITHDRAWN: "secondary" };

export function PushStateBadge({ state }: { state: string }) {
  return <Badge label={state === "DONE" ? "Pushed" : humanize(state)} variant={PUSH[state] ?? "secondary"} />;
}

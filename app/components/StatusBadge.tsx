// Badges for the statuses the admin shows: a fulfillment's (the ten of DESIGN.md §Statuses), an
// order's shipment state, a shipment's state and a push intent's state.
import { Badge, type BadgeProps } from "@shopify/polaris";
import { humanize } from "./format";

type Tone = NonNullable<BadgeProps["tone"]>;
type Progress = NonNullable<BadgeProps["progress"]>;

const FULFILLMENT: Record<string, { tone?: Tone; progress?: Progress }> = {
  HOLD: { tone: "attention", progress: "incomplete" },
  PENDING: { tone: "info", progress: "incomplete" },
  PENDING_SHIPMENT: { tone: "info", progress: "partiallyComplete" },
  SHIPPED: { tone: "success", progress: "partiallyComplete" },
  DELIVERED: { tone: "success", progress: "complete" },
  CANCELLED: {},
  RMA_PENDING: { tone: "warning", progress: "partiallyComplete" },
  RETURNED: { tone: "read-only", progress: "complete" },
  FAILED: { tone: "critical", progress: "incomplete" },
  RECYCLED: { tone: "warning", progress: "incomplete" },
};

export function FulfillmentStatusBadge({ status }: { status: string }) {
  const look = FULFILLMENT[status] ?? {};
  return (
    <Badge tone={look.tone} progress={look.progress}>
      {humanize(status)}
    </Badge>
  );
}

const ORDER: Record<string, { tone?: Tone; progress: Progress }> = {
  UNSHIPPED: { tone: "attention", progress: "incomplete" },
  PARTIALLY_SHIPPED: { tone: "warning", progress: "partiallyComplete" },
  SHIPPED: { tone: "success", progress: "complete" },
};

export function OrderStateBadge({ state }: { state: string }) {
  const look = ORDER[state] ?? { progress: "incomplete" };
  return (
    <Badge tone={look.tone} progress={look.progress}>
      {humanize(state)}
    </Badge>
  );
}

const SHIPMENT: Record<string, Tone | undefined> = { ACCEPTED: "success", REJECTED: "critical", CANCELLED: undefined };

export function ShipmentStateBadge({ state }: { state: string }) {
  return <Badge tone={SHIPMENT[state]}>{humanize(state)}</Badge>;
}

const PUSH: Record<string, Tone | undefined> = {
  PENDING: "attention",
  IN_FLIGHT: "info",
  DONE: "success",
  FAILED: "critical",
  WITHDRAWN: undefined,
};

export function PushStateBadge({ state }: { state: string }) {
  return <Badge tone={PUSH[state]}>{state === "DONE" ? "Pushed" : humanize(state)}</Badge>;
}

// Partner orders (issue 8) in BigDesign: the same as components/PartnerOrders.tsx for the
// BigCommerce admin.
import { Badge, type BadgeProps, Box, Flex, H4, Link, Panel, Small, Text } from "@bigcommerce/big-design";
import type { BuyerStoreState, PartnerOrderRow } from "~/use-cases/queries/listPartnerOrders";
import { formatDateTime } from "../format";
import { FulfillmentStatusBadge } from "./badges";

const STORE_STATE: Record<BuyerStoreState, { label: string; variant: BadgeProps["variant"] }> = {
  SYNCED: { label: "Synced to the buyer's store", variant: "success" },
  WAITING: { label: "Waiting to sync", variant: "warning" },
  FAILED: { label: "The buyer's store refused it", variant: "danger" },
  REJECTED: { label: "Rejected", variant: "danger" },
  REMOVED: { label: "Removed from the buyer's store", variant: "secondary" },
  CANCELLED: { label: "Cancelled", variant: "secondary" },
};

function sellerOrderLabel(row: PartnerOrderRow): string {
  if (!row.sellerOrder) return "not sent yet";
  return row.sellerOrder.name ?? `#${row.sellerOrder.platformOrderId.slice(row.sellerOrder.platformOrderId.lastIndexOf("/") + 1)}`;
}

export function PartnerShipments({ row }: { row: PartnerOrderRow }) {
  if (row.shipments.length === 0) return <Small>Nothing fulfilled yet.</Small>;
  return (
    <>
      {row.shipments.map((s) => {
        const state = STORE_STATE[s.buyerStore];
        return (
          <Box key={s.id} backgroundColor="secondary10" padding="small" borderRadius="normal" marginBottom="xSmall">
            <Flex flexGap="0.5rem" alignItems="center">
              <Badge label={state.label} variant={state.variant} />
              <Small marginBottom="none">{s.lines.map((l) => `${l.quantity} × ${l.title}`).join(", ") || "no items"}</Small>
            </Flex>
            <Small marginBottom="none">
              {s.trackingNumbers.length ? `${s.carrier ?? "Tracking"}: ` : "No tracking number"}
              {s.trackingUrl && s.trackingNumbers[0] ? (
                <Link href={s.trackingUrl} target="_blank" external>
                  {s.trackingNumbers.join(", ")}
                </Link>
              ) : (
                s.trackingNumbers.join(", ")
              )}
            </Small>
            {s.rejectReason ? (
              <Small color="danger" marginBottom="none">
                {s.rejectReason}
              </Small>
            ) : null}
            {s.pushError ? (
              <Small color="danger" marginBottom="none">
                {s.pushError}
              </Small>
            ) : null}
          </Box>
        );
      })}
    </>
  );
}

export function PartnerOrderPanel({ row }: { row: PartnerOrderRow }) {
  const seller = row.partnership.role === "SELLER";
  return (
    <Panel marginBottom="medium">
      <Flex justifyContent="space-between" alignItems="center" marginBottom="small">
        <Flex flexGap="0.5rem" alignItems="center">
          <H4 marginBottom="none">{seller ? `Order ${row.buyerOrder.name} of ${row.partnership.partner.name}` : `Sent to ${row.partnership.partner.name}`}</H4>
          <FulfillmentStatusBadge status={row.status} />
          {row.buyerOrder.cancelled ? <Badge label="Order cancelled" variant="danger" /> : null}
        </Flex>
        <Small marginBottom="none">{formatDateTime(row.createdAt)}</Small>
      </Flex>
      <Text marginBottom="xSmall">
        {seller ? "Your order " : "Partner's order "}
        {sellerOrderLabel(row)}
      </Text>
      {row.failureReason ? <Text color="danger">{row.failureReason}</Text> : null}
      {row.lines.map((l) => (
        <Small key={`${l.title}-${l.sku}`} marginBottom="none">
          {l.shipped}/{l.quantity} fulfilled · {l.title}
          {l.sku ? ` (${l.sku})` : ""}
        </Small>
      ))}
      <Box marginTop="small">
        <PartnerShipments row={row} />
      </Box>
    </Panel>
  );
}

/** The buyer's order page: the partner store each part went to, its order there, and what came back. */
export function PartnerOrderSection({ rows, href }: { rows: readonly PartnerOrderRow[]; href: (path: string) => string }) {
  if (rows.length === 0) return null;
  return (
    <Panel header="Partner store">
      {rows.map((row) => (
        <Box key={row.fulfillmentId} marginBottom="small">
          <Flex flexGap="0.5rem" alignItems="center" marginBottom="xSmall">
            <Link href={href(`/partners/${row.partnership.id}`)}>{row.partnership.partner.name}</Link>
            <FulfillmentStatusBadge status={row.status} />
            <Small marginBottom="none">Partner's order {sellerOrderLabel(row)}</Small>
          </Flex>
          <PartnerShipments row={row} />
        </Box>
      ))}
    </Panel>
  );
}

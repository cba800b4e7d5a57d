// Partner orders (issue 8) in Polaris: each buyer order part sent to a partner store, its status,
// what the seller has fulfilled, and what the buyer's store shows of each fulfillment. Used by the
// Partners pages and, for one order, by the buyer's order page.
import { Badge, BlockStack, Box, Card, InlineStack, Link, Text } from "@shopify/polaris";
import type { BuyerStoreState, PartnerOrderRow } from "~/use-cases/queries/listPartnerOrders";
import { formatDateTime } from "./format";
import { FulfillmentStatusBadge } from "./StatusBadge";

const STORE_STATE: Record<BuyerStoreState, { label: string; tone: "success" | "attention" | "critical" | undefined }> = {
  SYNCED: { label: "Synced to the buyer's store", tone: "success" },
  WAITING: { label: "Waiting to sync", tone: "attention" },
  FAILED: { label: "The buyer's store refused it", tone: "critical" },
  REJECTED: { label: "Rejected", tone: "critical" },
  REMOVED: { label: "Removed from the buyer's store", tone: undefined },
  CANCELLED: { label: "Cancelled", tone: undefined },
};

function sellerOrderLabel(row: PartnerOrderRow): string {
  if (!row.sellerOrder) return "not sent yet";
  return row.sellerOrder.name ?? `#${row.sellerOrder.platformOrderId.slice(row.sellerOrder.platformOrderId.lastIndexOf("/") + 1)}`;
}

export function PartnerShipments({ row }: { row: PartnerOrderRow }) {
  if (row.shipments.length === 0) {
    return (
      <Text as="p" tone="subdued">
        Nothing fulfilled yet.
      </Text>
    );
  }
  return (
    <BlockStack gap="200">
      {row.shipments.map((s) => {
        const state = STORE_STATE[s.buyerStore];
        return (
          <Box key={s.id} padding="200" background="bg-surface-secondary" borderRadius="200">
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Badge tone={state.tone}>{state.label}</Badge>
                <Text as="span" variant="bodySm">
                  {s.lines.map((l) => `${l.quantity} × ${l.title}`).join(", ") || "no items"}
                </Text>
              </InlineStack>
              <Text as="span" variant="bodySm">
                {s.trackingNumbers.length ? `${s.carrier ?? "Tracking"}: ` : "No tracking number"}
                {s.trackingNumbers.map((n, i) => (
                  <span key={n}>
                    {i > 0 ? ", " : ""}
                    {s.trackingUrl && i === 0 ? (
                      <Link url={s.trackingUrl} target="_blank">
                        {n}
                      </Link>
                    ) : (
                      n
                    )}
                  </span>
                ))}
              </Text>
              {s.rejectReason ? (
                <Text as="p" tone="critical" variant="bodySm">
                  {s.rejectReason}
                </Text>
              ) : null}
              {s.pushError ? (
                <Text as="p" tone="critical" variant="bodySm">
                  {s.pushError}
                </Text>
              ) : null}
            </BlockStack>
          </Box>
        );
      })}
    </BlockStack>
  );
}

/** One partner order: the buyer's order, the seller's order, lines, fulfillments. */
export function PartnerOrderCard({ row }: { row: PartnerOrderRow }) {
  const seller = row.partnership.role === "SELLER";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {seller ? `Order ${row.buyerOrder.name} of ${row.partnership.partner.name}` : `Sent to ${row.partnership.partner.name}`}
            </Text>
            <FulfillmentStatusBadge status={row.status} />
            {row.buyerOrder.cancelled ? <Badge tone="critical">Order cancelled</Badge> : null}
          </InlineStack>
          <Text as="span" tone="subdued" variant="bodySm">
            {formatDateTime(row.createdAt)}
          </Text>
        </InlineStack>
        <Text as="p" variant="bodySm">
          {seller ? "Your order " : "Partner's order "}
          {sellerOrderLabel(row)}
        </Text>
        {row.failureReason ? (
          <Text as="p" tone="critical">
            {row.failureReason}
          </Text>
        ) : null}
        <BlockStack gap="100">
          {row.lines.map((l) => (
            <Text as="p" key={`${l.title}-${l.sku}`} variant="bodySm">
              {l.shipped}/{l.quantity} fulfilled · {l.title}
              {l.sku ? ` (${l.sku})` : ""}
            </Text>
          ))}
        </BlockStack>
        <PartnerShipments row={row} />
      </BlockStack>
    </Card>
  );
}

/** The buyer's order page: the partner store each part went to, its order there, and what came back. */
export function PartnerOrderSection({ rows }: { rows: readonly PartnerOrderRow[] }) {
  if (rows.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Partner store
        </Text>
        {rows.map((row) => (
          <BlockStack gap="200" key={row.fulfillmentId}>
            <InlineStack gap="200" blockAlign="center">
              <Link url={`/app/partners/${row.partnership.id}`}>{row.partnership.partner.name}</Link>
              <FulfillmentStatusBadge status={row.status} />
              <Text as="span" variant="bodySm">
                Partner's order {sellerOrderLabel(row)}
              </Text>
            </InlineStack>
            <PartnerShipments row={row} />
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}

// A titled card, with a quiet line in place of its content when there is nothing to show.
import { BlockStack, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export function SectionCard({ title, empty, children }: { title: string; empty?: string | false; children?: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {empty ? (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        ) : (
          children
        )}
      </BlockStack>
    </Card>
  );
}

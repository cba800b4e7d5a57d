// A page's title, description and actions, as BigCommerce's control panel lays them out.
import { Box, Flex, H1, Text } from "@bigcommerce/big-design";
import type { ReactNode } from "react";

export function PageHeader({ title, description, actions, badge }: { title: string; description?: ReactNode; actions?: ReactNode; badge?: ReactNode }) {
  return (
    <Flex justifyContent="space-between" alignItems="flex-start" marginBottom="large" flexGap="1rem" flexWrap="wrap">
      <Box>
        <Flex alignItems="center" flexGap="0.75rem">
          <H1 marginBottom="none">{title}</H1>
          {badge}
        </Flex>
        {description ? (
          <Text color="secondary60" marginTop="xxSmall" marginBottom="none">
            {description}
          </Text>
        ) : null}
      </Box>
      {actions ? (
        <Flex flexGap="0.5rem" alignItems="center">
          {actions}
        </Flex>
      ) : null}
    </Flex>
  );
}

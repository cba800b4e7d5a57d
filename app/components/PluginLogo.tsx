// A fulfiller's logo from the plugin registry: an inline SVG (shown as an image, never as markup)
// or a path under /public.
import { InlineStack, Text } from "@shopify/polaris";

export function PluginLogo({ logo, size = 40 }: { logo: string; size?: number }) {
  const src = logo.trim().startsWith("<svg") ? `data:image/svg+xml;utf8,${encodeURIComponent(logo)}` : logo;
  return <img src={src} alt="" width={size} height={size} style={{ display: "block", objectFit: "contain" }} />;
}

/** A fulfiller's logo beside its name, as the heading of a card. */
export function PluginHeading({ logo, title, size = 40 }: { logo: string; title: string; size?: number }) {
  return (
    <InlineStack gap="300" blockAlign="center" wrap={false}>
      <PluginLogo logo={logo} size={size} />
      <Text as="h2" variant="headingMd">
        {title}
      </Text>
    </InlineStack>
  );
}

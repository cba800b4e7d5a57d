import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Consign" }];

export default function Index() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "48px auto", lineHeight: 1.5 }}>
      <h1>Consign</h1>
      <p>
        Routes each product's orders to the fulfiller that ships it and brings the shipments back to your store,
        exactly once. Install it from the Shopify App Store or the BigCommerce App Marketplace.
      </p>
      <p>
        <a href="/app">Open the admin</a>
      </p>
    </main>
  );
}

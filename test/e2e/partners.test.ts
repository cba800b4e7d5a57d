// Partner stores (issue 8) in a real browser (Debian's Chromium, playwright-core): the production
// build served in sandbox mode over a database filled by a real partner flow (the stand-ins of
// test/integration/partners: orders posted to the seller's store, fulfilled there, synced back,
// one fulfillment rejected by the coverage rules). The sandbox shop is a seller for one store and
// a buyer from another; the BigCommerce sandbox store is a seller. Every Partners page loads
// hydrated without a console error and is photographed (test/e2e/screenshots/partners-*.png); the
// seller creates an invitation and the buyer changes a product match through the pages.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendHolds } from "~/use-cases/sendHolds";
import {
  BC_STORES,
  buyerPart,
  eventually,
  liveFulfillments,
  type PartnerWorld,
  partneredCatalogs,
  placeBuyerOrder,
  SHOPIFY_SHOPS,
  sellerShips,
  startPartnerWorld,
} from "../integration/partners/support";
import { type BrowserSession, buildApp, open, openBrowser, removeBuild, type ServedApp, serveApp } from "./admin-world";

const SCREENSHOTS = resolve(import.meta.dirname, "screenshots");

let w: PartnerWorld;
let buildDir: string;
let app: ServedApp;
let b: BrowserSession;
let page: Page;
/** the sandbox shop ships for the buyer store (p1) and buys from the BigCommerce store (p2); the BigCommerce store ships for another (p3) */
const ids = { p1: "", p2: "", p3: "", p2Order: "", p2Variant: "" };

/** A partner order posted to the seller; returns the part and the seller's order id. */
async function posted(buyer: "SHOPIFY" | "BIGCOMMERCE", seller: "SHOPIFY" | "BIGCOMMERCE", stores: { buyer: string; seller: string }) {
  const p = await partneredCatalogs(w, buyer, seller, stores);
  const orderId = await placeBuyerOrder(w, buyer, p.buyerDomain, [p.line(p.skus.mug, 2), p.line(p.skus.teeS, 1)]);
  const part = await buyerPart(w, p.buyerId, orderId, p.connectionId);
  await sendHolds(w.ctx, { shopId: p.buyerId });
  const sent = await w.t.db.fulfillment.findUniqueOrThrow({ where: { id: part.id } });
  return { ...p, orderId, part, sellerOrderId: sent.clientFulfillmentId! };
}

beforeAll(async () => {
  const building = buildApp();
  w = await startPartnerWorld();
  // p1: the sandbox shop (the Shopify seller) ships for the Shopify buyer: one fulfillment synced,
  // one refused by the coverage rules (two tracking numbers for one item)
  const p1 = await posted("SHOPIFY", "SHOPIFY", { buyer: SHOPIFY_SHOPS.buyer, seller: SHOPIFY_SHOPS.seller });
  ids.p1 = p1.partnershipId;
  await sellerShips(w, "SHOPIFY", p1.sellerDomain, p1.sellerOrderId, [{ variantId: p1.sellerCatalog.variant[p1.skus.mug]!, quantity: 2 }], {
    numbers: ["1Z999AA10123456784"],
    company: "UPS",
  });
  await sellerShips(w, "SHOPIFY", p1.sellerDomain, p1.sellerOrderId, [{ variantId: p1.sellerCatalog.variant[p1.skus.teeS]!, quantity: 1 }], {
    numbers: ["1Z999AA10123456785", "1Z999AA10123456786"],
    company: "UPS",
  });
  await eventually(async () => liveFulfillments(w, "SHOPIFY", p1.buyerDomain, p1.orderId).length === 1, "p1's fulfillment on the buyer's store");
  await eventually(async () => (await w.t.db.shipment.count({ where: { fulfillmentId: p1.part.id, state: "REJECTED" } })) === 1, "p1's rejected fulfillment");

  // p2: the sandbox shop buys from the BigCommerce store, which ships half of it
  const p2 = await posted("SHOPIFY", "BIGCOMMERCE", { buyer: SHOPIFY_SHOPS.seller, seller: BC_STORES.seller });
  ids.p2 = p2.partnershipId;
  ids.p2Order = p2.part.orderId;
  ids.p2Variant = p2.buyerCatalog.variant[p2.skus.teeM]!;
  await sellerShips(w, "BIGCOMMERCE", p2.sellerDomain, p2.sellerOrderId, [{ variantId: p2.sellerCatalog.variant[p2.skus.mug]!, quantity: 2 }], {
    numbers: ["9400111899223197428490"],
    company: "USPS",
  });
  await eventually(async () => liveFulfillments(w, "SHOPIFY", p2.buyerDomain, p2.orderId).length === 1, "p2's fulfillment on the sandbox shop");

  // p3: the BigCommerce store also ships for the other Shopify store
  const p3 = await posted("SHOPIFY", "BIGCOMMERCE", { buyer: SHOPIFY_SHOPS.other, seller: BC_STORES.seller });
  ids.p3 = p3.partnershipId;

  buildDir = await building;
  app = await serveApp(buildDir, {
    DATABASE_URL: w.t.url,
    CONSIGN_SANDBOX: "1",
    CONSIGN_SANDBOX_SHOP: SHOPIFY_SHOPS.seller,
    BIGCOMMERCE_SANDBOX_STORE: BC_STORES.seller,
    CONSIGN_ENCRYPTION_KEY: process.env.CONSIGN_ENCRYPTION_KEY ?? "",
    SHOPIFY_ADMIN_BASE_URL: `${w.shopify.url}/shops/{shop}`,
    BIGCOMMERCE_API_URL: w.bc.apiBase,
  });
  b = await openBrowser();
  page = b.page;
  // Generous: on a loaded CI machine an action and its revalidation can take a while.
  page.setDefaultTimeout(60_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 400_000);

afterAll(async () => {
  await b?.close();
  await app?.close();
  await w?.close();
  if (buildDir) removeBuild(buildDir);
});

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `partners-${name}.png`), fullPage: true });

describe("the Partners pages in Chromium", { timeout: 120_000 }, () => {
  it("the Polaris admin: partner orders, an invitation, a partnership, a product match, the order's partner section", async () => {
    await open(page, `${app.url}/app/partners`);
    await page.getByText("Partner orders").first().waitFor();
    await page.getByText("Synced to the buyer's store").first().waitFor();
    await page.getByText("2 tracking numbers need at least two different lines").first().waitFor();
    await page.getByRole("heading", { name: "Stores that ship for you" }).waitFor();
    await shot("list");

    await page.getByRole("button", { name: "Create invitation code" }).click();
    const code = page.getByTestId("invitation-code");
    await code.waitFor();
    expect(await code.textContent()).toMatch(/^cpi_[A-Za-z0-9_-]{32}$/);
    await shot("invited");

    await open(page, `${app.url}/app/partners/${ids.p1}`);
    await page.getByText("You ship this store's orders for your products.").waitFor();
    await shot("seller");

    await open(page, `${app.url}/app/partners/${ids.p2}/products`);
    await page.getByText("Same SKU").first().waitFor();
    await shot("products");
    // the tee M of the sandbox shop: not sold by this partner
    const row = page.locator("tr", { has: page.getByText(/^SKU TEE-M-/) });
    await row.getByRole("combobox").selectOption("none");
    await row.getByRole("button", { name: "Save" }).click();
    await page.locator(".Polaris-Frame-Toast").filter({ hasText: "Marked as not sold by this partner" }).waitFor();
    await expect
      .poll(() => w.t.db.partnerVariantMatch.findFirst({ where: { partnershipId: ids.p2, buyerVariantId: ids.p2Variant } }), { timeout: 60_000 })
      .toMatchObject({ source: "MANUAL", sellerVariantId: null });

    await open(page, `${app.url}/app/orders/${ids.p2Order}`);
    await page.getByText("Partner store").first().waitFor();
    await page.getByText("9400111899223197428490").first().waitFor();
    await shot("order");
    expect(b.errors).toEqual([]);
  });

  it("the BigDesign admin: the BigCommerce store's partner orders and a partnership", async () => {
    await open(page, `${app.url}/bc/partners`);
    await page.getByText("Partner orders").first().waitFor();
    await page.getByRole("heading", { name: "Stores you ship for" }).waitFor();
    await page.getByText(/of partner-other/).first().waitFor();
    await shot("bc-list");
    await open(page, `${app.url}/bc/partners/${ids.p3}`);
    await page.getByText("You ship this store's orders for your products.").waitFor();
    await shot("bc-seller");
    expect(b.errors).toEqual([]);
  });
});

// Shared setup for the BigCommerce integration suites: a stand-in per test (closed after it, which
// also fails the test if any stand-in answer broke the spec) and an adapter pointed at it.
import { afterEach, beforeAll } from "vitest";
import { type BigCommercePlatformOptions, createBigCommercePlatform } from "~/platforms/bigcommerce";
import type { ShopRef } from "~/platforms/port";
import {
  type BigCommerceStandIn,
  type BigCommerceStandInOptions,
  bigCommerceSpecDir,
  bigCommerceSpecsPresent,
  loadBigCommerceSpecs,
  startBigCommerceStandIn,
} from "../../../sandbox/bigcommerce";

/** The reference folder with BigCommerce's OpenAPI files (see /work/shared/reference/README.md). */
export const specsPresent = bigCommerceSpecsPresent();
if (!specsPresent) {
  console.warn(`BigCommerce suites skipped: BigCommerce's OpenAPI files are not in ${bigCommerceSpecDir()}`);
}

// loading and compiling the four OpenAPI files takes seconds: once per file, outside the tests
beforeAll(async () => {
  if (specsPresent) await loadBigCommerceSpecs();
});

const open: BigCommerceStandIn[] = [];
afterEach(async () => {
  const closing = open.splice(0);
  for (const s of closing) await s.close();
});

export async function standIn(opts: BigCommerceStandInOptions = {}): Promise<BigCommerceStandIn> {
  const s = await startBigCommerceStandIn(opts);
  open.push(s);
  return s;
}

/** Closes a stand-in inside a test (and not again after it). */
export function forget(s: BigCommerceStandIn): void {
  const i = open.indexOf(s);
  if (i >= 0) open.splice(i, 1);
}

export function shopOf(s: BigCommerceStandIn, hash = s.storeHash): ShopRef {
  return { id: `shop-${hash}`, platform: "BIGCOMMERCE", domain: hash };
}

export function adapterFor(s: BigCommerceStandIn, options: Partial<BigCommercePlatformOptions> = {}) {
  return createBigCommercePlatform({
    apiBase: s.apiBase,
    accessToken: async (shop) => {
      const store = s.getStore(shop.domain);
      if (!store) throw new Error(`no store ${shop.domain}`);
      return store.accessToken;
    },
    retryBaseMs: 5,
    ...options,
  });
}

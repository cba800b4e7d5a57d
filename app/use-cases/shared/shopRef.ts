// The shop as the platform adapters need it, and the adapter of its platform.
import type { Shop } from "@prisma/client";
import type { Platform, PlatformKind, ShopRef } from "~/platforms/port";
import type { AppContext } from "../context";

export function platformKindOf(shop: Pick<Shop, "platform">): PlatformKind {
  if (shop.platform === "SHOPIFY" || shop.platform === "BIGCOMMERCE") return shop.platform;
  throw new Error(`Shop platform "${shop.platform}" is neither SHOPIFY nor BIGCOMMERCE`);
}

export function shopRefOf(shop: Pick<Shop, "id" | "platform" | "domain">): ShopRef {
  return { id: shop.id, platform: platformKindOf(shop), domain: shop.domain };
}

export function platformOf(ctx: AppContext, shop: Pick<Shop, "platform">): Platform {
  return ctx.platform(platformKindOf(shop));
}

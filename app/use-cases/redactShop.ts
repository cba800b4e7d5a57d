// shop/redact: 48 hours after an uninstall Shopify asks us to erase the shop. Everything we hold
// for it goes: every row of every table that carries its shopId (found from the data model, so a
// table added later is covered too), the shop itself, its sessions, webhook receipts and leases.
import { Prisma } from "@prisma/client";
import { z } from "zod";
import type { AppContext } from "./context";
import { parseInput } from "./errors";
import type { Tx } from "./shared/timeline";

const inputSchema = z.object({ shopDomain: z.string().min(1) });

export interface RedactShopResult {
  shopId: string | null;
  /** rows deleted, by model */
  deleted: Record<string, number>;
}

type DeleteManyDelegate = { deleteMany(args: { where: Record<string, unknown> }): Promise<{ count: number }> };

/** Models with a shopId column. Relations cascade, so the order does not matter; reversed
 * declaration order deletes children before their parents all the same. */
const TENANT_MODELS = Prisma.dmmf.datamodel.models
  .filter((model) => model.fields.some((field) => field.name === "shopId" && field.kind === "scalar"))
  .map((model) => model.name);

function delegate(tx: Tx, model: string): DeleteManyDelegate {
  const key = model.charAt(0).toLowerCase() + model.slice(1);
  return (tx as unknown as Record<string, DeleteManyDelegate>)[key];
}

export async function redactShop(ctx: AppContext, raw: z.input<typeof inputSchema>): Promise<RedactShopResult> {
  const { shopDomain } = parseInput(inputSchema, raw);
  return ctx.db.$transaction(async (tx) => {
    const deleted: Record<string, number> = {};
    const shop = await tx.shop.findUnique({
      where: { platform_domain: { platform: "SHOPIFY", domain: shopDomain } },
      select: { id: true },
    });
    if (shop) {
      for (const model of [...TENANT_MODELS].reverse()) {
        deleted[model] = (await delegate(tx, model).deleteMany({ where: { shopId: shop.id } })).count;
      }
      deleted.JobLease = (
        await tx.jobLease.deleteMany({
          where: { OR: [{ key: { contains: `:${shop.id}:` } }, { key: { endsWith: `:${shop.id}` } }] },
        })
      ).count;
      deleted.Shop = (await tx.shop.deleteMany({ where: { id: shop.id } })).count;
    }
    deleted.Session = (await tx.session.deleteMany({ where: { shop: shopDomain } })).count;
    deleted.WebhookReceipt = (await tx.webhookReceipt.deleteMany({ where: { source: "shopify", shopDomain } })).count;
    return { shopId: shop?.id ?? null, deleted };
  });
}

// `npm run sync -- --shop <domain> --once`: one cycle for one shop (send holds, sync every
// connection, push), then prints the counts and exits — non-zero if a run failed.
import { parseArgs } from "node:util";
import { createWorkerContext } from "./context";
import { runShopCycle } from "./cycle";

const USAGE = "usage: npm run sync -- --shop <shop domain or store hash> --once";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { shop: { type: "string" }, once: { type: "boolean", default: false } },
    strict: true,
  });
  if (!values.shop || !values.once) {
    console.error(USAGE);
    return 2;
  }
  const ctx = createWorkerContext({ actor: "system:cli" });
  try {
    const shop = await ctx.db.shop.findFirst({ where: { domain: values.shop }, select: { id: true, domain: true } });
    if (!shop) {
      console.error(`No installed shop ${values.shop}`);
      return 1;
    }
    const report = await runShopCycle(ctx, shop.id);
    const { seen, sent, pushed, rejected, failed } = report.counts;
    console.log(`${shop.domain}: seen ${seen}, sent ${sent}, pushed ${pushed}, rejected ${rejected}, failed ${failed}`);
    for (const skipped of report.skipped) console.log(`skipped (another process holds the lease): ${skipped}`);
    for (const error of report.errors) console.error(`error: ${error}`);
    return report.errors.length > 0 ? 1 : 0;
  } finally {
    await ctx.db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

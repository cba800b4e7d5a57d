// Finding an order by the id a merchant sees and types into a CSV: the platform's order id, or
// its name with or without the leading "#".
import type { AppContext } from "../context";

const CHUNK = 400;

export async function findOrdersByReference(ctx: AppContext, shopId: string, references: readonly string[]) {
  const wanted = [...new Set(references.map((ref) => ref.trim()).filter(Boolean))];
  const names = wanted.flatMap((ref) => (ref.startsWith("#") ? [ref] : [ref, `#${ref}`]));
  const orders: { id: string; platformOrderId: string; name: string }[] = [];
  for (let start = 0; start < wanted.length; start += CHUNK) {
    const refs = wanted.slice(start, start + CHUNK);
    const refNames = names.filter((name) => refs.includes(name) || refs.includes(name.slice(1)));
    orders.push(
      ...(await ctx.db.order.findMany({
        where: { shopId, OR: [{ platformOrderId: { in: refs } }, { name: { in: refNames } }] },
        select: { id: true, platformOrderId: true, name: true },
      })),
    );
  }
  const byReference = new Map<string, { id: string; platformOrderId: string; name: string }>();
  for (const ref of wanted) {
    const match =
      orders.find((order) => order.platformOrderId === ref) ??
      orders.find((order) => order.name === ref || order.name === `#${ref}`);
    if (match) byReference.set(ref, match);
  }
  return byReference;
}

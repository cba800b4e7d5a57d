// Fulfillers: the shop's connections and the plugin catalog; activating one (credentials checked
// live at the fulfiller; nothing saved when refused); one connection's page and its actions
// (assign to all products, test order, new credentials, deactivate).
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { credentialsOf } from "~/components/CredentialsForm";
import { plural } from "~/components/format";
import { pluginCatalog } from "~/plugins/catalog";
import { activateConnection } from "~/use-cases/activateConnection";
import { deactivateConnection } from "~/use-cases/deactivateConnection";
import { listConnections } from "~/use-cases/listConnections";
import { replaceCredentials } from "~/use-cases/replaceCredentials";
import { sendTestOrder } from "~/use-cases/sendTestOrder";
import { setDefaultConnection } from "~/use-cases/setDefaultConnection";
import { attempt, invalidInput, load, notFound, ok, readBody } from "../admin-route.server";
import type { AdminPage } from "./page.server";

export async function fulfillersData({ shop, ctx }: AdminPage) {
  const connections = await load(() => listConnections(ctx, { shopId: shop.id }));
  return { catalog: pluginCatalog(ctx.plugins), connections };
}

export function fulfillerKindData({ ctx }: AdminPage, kind: string | undefined) {
  const entry = pluginCatalog(ctx.plugins).find((e) => e.kind === kind);
  if (!entry) throw notFound(`There is no fulfiller of kind ${kind}`);
  return { entry };
}

const activateSchema = z.object({ title: z.string().trim().max(100).optional() });

/** Activates a fulfiller of this kind; on success, to its connection's page. */
export async function activateFulfillerAction(page: AdminPage, kind: string | undefined, request: Request) {
  const { shop, ctx } = page;
  if (!ctx.plugins.has(kind ?? "")) throw notFound(`There is no fulfiller of kind ${kind}`);
  const body = await readBody(request);
  const parsed = activateSchema.safeParse({ title: typeof body.title === "string" ? body.title : undefined });
  if (!parsed.success) return invalidInput(parsed.error);
  const title = parsed.data.title;
  const result = await attempt(() =>
    activateConnection(ctx, { shopId: shop.id, kind: kind ?? "", title: title || undefined, credentials: credentialsOf(body) }),
  );
  if (!("connection" in result)) return result;
  const next = new URLSearchParams({ activated: "1" });
  if (result.webhooks.message) next.set("webhooks", result.webhooks.message);
  const target = page.href(`/connections/${result.connection.id}`);
  return redirect(`${target}${target.includes("?") ? "&" : "?"}${next}`);
}

export async function connectionData({ shop, ctx }: AdminPage, id: string | undefined) {
  const connections = await load(() => listConnections(ctx, { shopId: shop.id }));
  const connection = connections.find((c) => c.id === id);
  if (!connection) throw notFound(`Connection ${id} was not found`);
  const entry = pluginCatalog(ctx.plugins).find((e) => e.kind === connection.kind) ?? null;
  return { connection, entry };
}

const intentSchema = z.object({ intent: z.enum(["default", "clear-default", "deactivate", "credentials", "test"]) });

export async function connectionAction({ shop, ctx }: AdminPage, id: string | undefined, request: Request) {
  const body = await readBody(request);
  const parsed = intentSchema.safeParse(body);
  if (!parsed.success) return invalidInput(parsed.error);
  const connectionId = id ?? "";
  const shopId = shop.id;
  return attempt(async () => {
    switch (parsed.data.intent) {
      case "default":
        await setDefaultConnection(ctx, { shopId, connectionId: await ownConnection(connectionId) });
        return ok("Every product without its own assignment now goes to this fulfiller.");
      case "clear-default":
        await ownConnection(connectionId);
        await setDefaultConnection(ctx, { shopId, connectionId: null });
        return ok("This fulfiller no longer receives all products.");
      case "deactivate": {
        const { openFulfillments } = await deactivateConnection(ctx, { shopId, connectionId });
        return ok(
          openFulfillments > 0
            ? `Deactivated. ${plural(openFulfillments, "open fulfillment")} stay listed and keep syncing.`
            : "Deactivated. No new orders go to it.",
        );
      }
      case "credentials":
        await replaceCredentials(ctx, { shopId, connectionId, credentials: credentialsOf(body) });
        return ok("The new credentials were checked and saved.");
      case "test": {
        const answer = await sendTestOrder(ctx, { shopId, connectionId });
        return { ok: answer.ok, message: answer.message, test: true as const };
      }
    }
  });

  async function ownConnection(connection: string): Promise<string> {
    const found = (await listConnections(ctx, { shopId })).some((c) => c.id === connection);
    if (!found) throw notFound(`Connection ${connection} was not found`);
    return connection;
  }
}

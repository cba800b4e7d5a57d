// A merchant adds a pull-type fulfillment house ("API (pull)"): the connection is activated like
// any other (app/plugins/pull-api), and its first API key is made with it. The key is in the answer
// once; after that only its prefix is shown.
import { z } from "zod";
import { type ActivateConnectionResult, activateConnection } from "./activateConnection";
import type { AppContext } from "./context";
import { type CreatedApiKey, createApiKey } from "./createApiKey";
import { parseInput } from "./errors";

const inputSchema = z.object({
  shopId: z.string().min(1),
  /** the house's name (the plugin's one credential field) */
  name: z.unknown(),
  title: z.string().trim().min(1).max(100).optional(),
  keyName: z.string().trim().min(1).max(100).default("First key"),
});

export type ActivatePullConnectionInput = z.input<typeof inputSchema>;

export interface ActivatePullConnectionResult extends CreatedApiKey {
  connection: ActivateConnectionResult["connection"];
}

export async function activatePullConnection(
  ctx: AppContext,
  raw: ActivatePullConnectionInput,
): Promise<ActivatePullConnectionResult> {
  const input = parseInput(inputSchema, raw);
  const { connection } = await activateConnection(ctx, {
    shopId: input.shopId,
    kind: "pull-api",
    // Named after the house unless told otherwise: "API (pull)" says nothing in a list of fulfillers.
    title: input.title ?? (typeof input.name === "string" && input.name.trim() ? input.name.trim().slice(0, 100) : undefined),
    credentials: { name: input.name },
  });
  const key = await createApiKey(ctx, { shopId: input.shopId, connectionId: connection.id, name: input.keyName });
  return { connection, ...key };
}

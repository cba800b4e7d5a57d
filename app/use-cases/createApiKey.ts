// A merchant gives a pull-type fulfillment house an API key for one connection. The key is in the
// answer once and never again: only its hash and prefix are stored.
import { z } from "zod";
import type { AppContext } from "./context";
import { ConflictError, NotFoundError, parseInput, ValidationError } from "./errors";
import { API_KEY_SCOPES, type ApiKeyView, insertApiKey, pullConnectionFor } from "./shared/apiKeys";

const inputSchema = z.object({
  shopId: z.string().min(1),
  connectionId: z.string().min(1),
  name: z.string().trim().min(1, "Give the key a name").max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default([...API_KEY_SCOPES]),
});

export type CreateApiKeyInput = z.input<typeof inputSchema>;

export interface CreatedApiKey {
  apiKey: ApiKeyView;
  /** the key itself: show it once; it cannot be shown again */
  secret: string;
}

export async function createApiKey(ctx: AppContext, raw: CreateApiKeyInput): Promise<CreatedApiKey> {
  const input = parseInput(inputSchema, raw);
  return ctx.db.$transaction(async (tx) => {
    const connection = await pullConnectionFor(tx, input.shopId, input.connectionId);
    if (!connection) throw new NotFoundError("Connection", input.connectionId);
    if (connection.mode !== "pull") {
      throw new ValidationError([
        { field: "connectionId", message: `${connection.title} is not a pull-type fulfiller; only those use API keys.` },
      ]);
    }
    if (!connection.active) throw new ConflictError(`${connection.title} is deactivated; activate it before creating keys.`);
    return insertApiKey(tx, { ...input, at: ctx.now() });
  });
}

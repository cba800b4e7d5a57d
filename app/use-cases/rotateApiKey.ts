// A merchant rotates a pull-API key: in one transaction the old key is revoked and a new one with
// the same name, connection and scopes is made. The house must switch at once (no grace period):
// a rotation is most often done because the old key leaked. A deactivated house's keys may be
// rotated too (they still work for the orders it has).
import { z } from "zod";
import type { AppContext } from "./context";
import type { CreatedApiKey } from "./createApiKey";
import { ConflictError, NotFoundError, parseInput } from "./errors";
import { insertApiKey, scopesOf } from "./shared/apiKeys";

const inputSchema = z.object({ shopId: z.string().min(1), apiKeyId: z.string().min(1) });

export type RotateApiKeyInput = z.input<typeof inputSchema>;

export interface RotatedApiKey extends CreatedApiKey {
  /** the key this one replaces, now revoked */
  replacedId: string;
}

export async function rotateApiKey(ctx: AppContext, raw: RotateApiKeyInput): Promise<RotatedApiKey> {
  const { shopId, apiKeyId } = parseInput(inputSchema, raw);
  return ctx.db.$transaction(async (tx) => {
    const at = ctx.now();
    const revoked = await tx.apiKey.updateMany({ where: { id: apiKeyId, shopId, revokedAt: null }, data: { revokedAt: at } });
    const old = await tx.apiKey.findFirst({ where: { id: apiKeyId, shopId } });
    if (!old) throw new NotFoundError("API key", apiKeyId);
    if (revoked.count !== 1) throw new ConflictError(`Key ${old.prefix}… is revoked; create a new key instead.`);
    const created = await insertApiKey(tx, {
      shopId,
      connectionId: old.connectionId,
      name: old.name,
      scopes: scopesOf(old.scopes),
      at,
    });
    return { ...created, replacedId: old.id };
  });
}

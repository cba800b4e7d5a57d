// The fast path (DESIGN.md §The flow, 3): a fulfiller's webhook announces shipments; the plugin
// verifies the request and fetches them, and they take the same path as the polled ones. The
// poll later sees the same shipments again, which changes nothing.
import type { AppContext } from "./context";
import { NotFoundError, UseCaseError } from "./errors";
import { connectionClient } from "./shared/connectionClient";
import { emptyCounts, finishSyncRun, startSyncRun } from "./shared/syncRun";
import { emptyTally, type ShipmentTally, storeAll } from "./syncShipments";

export interface SyncFromWebhookInput {
  connectionId: string;
  request: Request;
}

export interface SyncFromWebhookResult {
  shopId: string;
  tally: ShipmentTally;
}

export async function syncFromWebhook(ctx: AppContext, input: SyncFromWebhookInput): Promise<SyncFromWebhookResult> {
  // The connection id comes from the webhook URL; its row says which shop it belongs to.
  const connection = await ctx.db.connection.findUnique({ where: { id: input.connectionId } });
  if (!connection?.active) throw new NotFoundError("Connection", input.connectionId);
  const client = connectionClient(ctx, connection);
  if (!client.webhook) throw new UseCaseError(`${connection.title} does not send webhooks to Consign.`);

  // Verification (and the fetch of what the webhook announces) belongs to the plugin; a refused
  // request throws before anything is recorded.
  const shipments = await client.webhook(input.request);
  const counts = emptyCounts();
  const tally = emptyTally();
  const runId = await startSyncRun(ctx.db, {
    job: "webhook",
    shopId: connection.shopId,
    connectionId: connection.id,
    at: ctx.now(),
  });
  try {
    const stored = await storeAll(ctx, connection, shipments, { counts }, tally);
    if (stored.length > 0 && client.acknowledge) {
      await client.acknowledge(stored).catch(() => {
        counts.failed++;
      });
    }
    await finishSyncRun(ctx.db, runId, { counts, error: null, at: ctx.now() });
  } catch (error) {
    await finishSyncRun(ctx.db, runId, {
      counts,
      error: error instanceof Error ? error.message : String(error),
      at: ctx.now(),
    });
    throw error;
  }
  return { shopId: connection.shopId, tally };
}

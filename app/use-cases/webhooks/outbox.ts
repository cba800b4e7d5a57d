// Called by every timeline write (shared/timeline.ts addTimeline, shared/transition.ts), inside its
// transaction: the outgoing webhooks and customer notifications that the written entries raise are
// recorded there, so they exist exactly when the event does.
import type { Tx } from "../shared/timeline";
import { enqueueNotifications } from "../notifications/enqueue";
import { enqueueWebhookEvents, type OutboxEntry } from "./enqueue";

export async function writeOutbox(tx: Tx, entries: readonly OutboxEntry[]): Promise<void> {
  const raising = entries.filter((e) => e.kind === "ORDER_RECEIVED" || (e.kind === "STATUS" && e.to));
  if (raising.length === 0) return;
  await enqueueWebhookEvents(tx, raising);
  await enqueueNotifications(tx, raising);
}

// POST /webhooks/bigcommerce: every hook Consign registers at install delivers here
// (notes/bigcommerce.md §4). Transport only: the store's secret header (registered with the hook,
// the documented way to authenticate callbacks; wrong or missing → 401 and nothing changes), the
// payload's shape (400 naming the field), dedupe in WebhookReceipt, then the use case, answered
// quickly: BigCommerce counts a slow answer as a failure and blocklists a destination whose
// success ratio drops, so work still running after the budget finishes after the answer. A 2xx
// carries no body ("Don't send response bodies", notes §4); what happened goes to the log.
//
// Dedupe key: BigCommerce repeats the `hash` (SHA-1 of `data`) when it delivers one event twice,
// but `data` only names the order, so every update of one order has the same hash. The key is the
// store, scope, hash and created_at: a repeat of one event is dropped, a later event is not.
// Two updates of one order in the same second collapse into one fetch of the order, which the
// reconciliation poll covers if it raced the second update.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { bigCommerceEnv, plain, WEBHOOK_SECRET_HEADER, webhookSecretFor } from "~/bigcommerce.server";
import { db } from "~/db.server";
import { appContext } from "~/lib/app-context.server";
import { withinBudget } from "~/lib/webhook-budget.server";
import { bigCommerceWebhookPayload, hasWebhookHeaders } from "~/platforms/bigcommerce";
import { receiveBigCommerceWebhook } from "~/use-cases/receiveBigCommerceWebhook";
import { isUniqueViolation } from "~/use-cases/shared/dbErrors";

const ANSWER_WITHIN_MS = 2_000;
const ACTOR = "bigcommerce:webhook";

const envelope = z.object({ producer: z.string().regex(/^stores\/[a-z0-9]+$/) });

export const loader = () => plain(405, "POST only.");

const received = () => new Response(null, { status: 200 });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return plain(405, "POST only.");
  if (bigCommerceEnv().mode === "off") return plain(404, "BigCommerce is not configured on this server.");
  const raw = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return plain(401, "Not a BigCommerce callback.");
  }
  const from = envelope.safeParse(body);
  if (!from.success) return plain(401, "Not a BigCommerce callback: producer must name the store.");
  const storeHash = from.data.producer.slice("stores/".length);
  if (!hasWebhookHeaders(request.headers, { [WEBHOOK_SECRET_HEADER]: webhookSecretFor(storeHash) })) {
    return plain(401, `${WEBHOOK_SECRET_HEADER} is missing or wrong.`);
  }
  const payload = bigCommerceWebhookPayload.safeParse(body);
  if (!payload.success) {
    const issue = payload.error.issues[0];
    return plain(400, `${issue.path.map(String).join(".") || "body"}: ${issue.message}`);
  }
  const { scope, hash, created_at } = payload.data;

  const database = db();
  let receiptId: string;
  try {
    const receipt = await database.webhookReceipt.create({
      data: { source: "bigcommerce", deliveryId: `${storeHash}:${scope}:${hash}:${created_at}`, shopDomain: storeHash, topic: scope },
      select: { id: true },
    });
    receiptId = receipt.id;
  } catch (error) {
    if (isUniqueViolation(error)) return received();
    throw error;
  }
  const forget = () => database.webhookReceipt.deleteMany({ where: { id: receiptId } });
  const label = `[webhook] bigcommerce ${scope} ${storeHash} ${hash}`;

  try {
    const outcome = await withinBudget(receiveBigCommerceWebhook(appContext({ actor: ACTOR }), { payload: body }), ANSWER_WITHIN_MS, {
      done: (result) => console.info(`${label}: ${result.note} (after answering)`),
      failed: async (error: unknown) => {
        console.error(`${label} failed after answering:`, error);
        await forget();
      },
    });
    if (!outcome.late) console.info(`${label}: ${outcome.value.note}`);
    return received();
  } catch (error) {
    await forget();
    console.error(`${label} failed:`, error);
    return plain(500, "Processing failed; BigCommerce will retry.");
  }
};

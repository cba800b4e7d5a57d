// A partner or fulfiller subscribes to Consign's outgoing webhooks: a URL, the events it wants,
// and a signing secret made here, shown once and then kept sealed. The URL must be HTTPS (a plain
// http:// URL only where the caller allows it: the sandbox and tests talk to 127.0.0.1).
import { z } from "zod";
import type { AppContext } from "../context";
import { parseInput, ValidationError } from "../errors";
import { WEBHOOK_EVENTS } from "./events";
import { sealSecret } from "./secrets";
import { newWebhookSecret } from "./signature";

const inputSchema = z.object({
  shopId: z.string().min(1),
  url: z
    .string()
    .trim()
    .min(1, "is required")
    .max(2000, "at most 2000 characters")
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "must be an http(s) URL")
    .refine((v) => !URL.canParse(v) || (new URL(v).username === "" && new URL(v).password === ""), "must not carry a user name or password"),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "choose at least one event"),
  /** accept http:// (sandbox mode); otherwise only https:// */
  allowHttp: z.boolean().default(false),
});
export type CreateWebhookSubscriptionInput = z.input<typeof inputSchema>;

export const MAX_SUBSCRIPTIONS = 20;

export async function createWebhookSubscription(ctx: AppContext, raw: CreateWebhookSubscriptionInput) {
  const input = parseInput(inputSchema, raw);
  if (!input.allowHttp && new URL(input.url).protocol !== "https:") {
    throw new ValidationError([{ field: "url", message: "must start with https://" }]);
  }
  const count = await ctx.db.webhookSubscription.count({ where: { shopId: input.shopId } });
  if (count >= MAX_SUBSCRIPTIONS) {
    throw new ValidationError([{ field: "url", message: `a shop has at most ${MAX_SUBSCRIPTIONS} subscriptions; remove one first` }]);
  }
  const secret = newWebhookSecret();
  const subscription = await ctx.db.webhookSubscription.create({
    data: {
      shopId: input.shopId,
      url: input.url,
      events: JSON.stringify([...new Set(input.events)]),
      secretEnc: sealSecret(ctx, input.shopId, secret),
    },
    select: { id: true, url: true, events: true, createdAt: true },
  });
  // The secret leaves Consign this once; the subscriber keeps it to check signatures.
  return { subscription, secret };
}

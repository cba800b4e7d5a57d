// The merchant turns an autoresponder on or off, edits its template, or puts the default back. A
// template with an unknown placeholder or a stray brace is refused, naming the field and the
// placeholder, and nothing changes.
import { z } from "zod";
import { DEFAULT_TEMPLATES, NOTIFICATION_KINDS, PLACEHOLDERS } from "~/notifications/kinds";
import { checkTemplate } from "~/notifications/template";
import type { AppContext } from "../context";
import { parseInput, ValidationError } from "../errors";

const inputSchema = z.object({
  shopId: z.string().min(1),
  kind: z.enum(NOTIFICATION_KINDS),
  enabled: z.boolean().optional(),
  subject: z.string().trim().min(1, "must not be empty").max(200, "at most 200 characters").optional(),
  body: z.string().trim().min(1, "must not be empty").max(20_000, "at most 20,000 characters").optional(),
  /** drop the merchant's text and go back to the default (keeps on/off unless `enabled` is given) */
  reset: z.boolean().optional(),
});
export type UpdateNotificationTemplateInput = z.input<typeof inputSchema>;

export async function updateNotificationTemplate(ctx: AppContext, raw: UpdateNotificationTemplateInput) {
  const input = parseInput(inputSchema, raw);
  const issues = [
    ...(input.subject ? checkTemplate(input.subject, PLACEHOLDERS).map((message) => ({ field: "subject", message })) : []),
    ...(input.body ? checkTemplate(input.body, PLACEHOLDERS).map((message) => ({ field: "body", message })) : []),
  ];
  if (issues.length > 0) throw new ValidationError(issues);
  const fallback = DEFAULT_TEMPLATES[input.kind];
  const key = { shopId_kind: { shopId: input.shopId, kind: input.kind } };
  const current = await ctx.db.notificationTemplate.findUnique({ where: key });
  const text = input.reset ? { subject: fallback.subject, body: fallback.body } : {};
  const next = {
    enabled: input.enabled ?? current?.enabled ?? fallback.enabled,
    subject: input.subject ?? text.subject ?? current?.subject ?? fallback.subject,
    body: input.body ?? text.body ?? current?.body ?? fallback.body,
  };
  return ctx.db.notificationTemplate.upsert({
    where: key,
    create: { shopId: input.shopId, kind: input.kind, ...next },
    update: next,
  });
}

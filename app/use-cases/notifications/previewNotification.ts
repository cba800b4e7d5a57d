// A preview of a template as the merchant is editing it: rendered with sample data, or the
// problems that would stop it being saved.
import { z } from "zod";
import { PLACEHOLDERS, sampleValues } from "~/notifications/kinds";
import { checkTemplate } from "~/notifications/template";
import { parseInput } from "../errors";
import { renderNotification } from "./sendNotifications";

const inputSchema = z.object({ subject: z.string().max(200), body: z.string().max(20_000) });

export type NotificationPreview =
  | { ok: true; subject: string; html: string; text: string }
  | { ok: false; problems: { field: "subject" | "body"; message: string }[] };

export function previewNotification(raw: z.input<typeof inputSchema>): NotificationPreview {
  const input = parseInput(inputSchema, raw);
  const problems = [
    ...checkTemplate(input.subject, PLACEHOLDERS).map((message) => ({ field: "subject" as const, message })),
    ...checkTemplate(input.body, PLACEHOLDERS).map((message) => ({ field: "body" as const, message })),
  ];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, ...renderNotification(input, sampleValues()) };
}

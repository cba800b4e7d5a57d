// The notifications job: sends the due Notification rows, once each (a row is claimed before it
// is sent and marked when it was). EMAIL goes through SMTP with the shop's template; PLATFORM
// waits for the push that carries notifyCustomer and is then recorded as sent via the platform
// (or, if that push failed, falls back to email). A customer without an email address, or a
// redacted one, is skipped and says why.
import { z } from "zod";
import { DEFAULT_TEMPLATES, isNotificationKind, type TemplateText } from "~/notifications/kinds";
import { htmlToText, renderTemplate } from "~/notifications/template";
import type { AppContext } from "../context";
import { parseInput } from "../errors";
import { type JobOutcome, type JobRun, runJob } from "../shared/runJob";
import { dueNow } from "../webhooks/due";
import { type Mailer, MailerNotConfiguredError, processMailer } from "./mailer.server";
import { notificationValues } from "./values";

const inputSchema = z.object({
  limit: z.number().int().positive().default(200),
  maxAttempts: z.number().int().min(1).default(5),
  baseDelayMs: z.number().int().positive().default(5 * 60_000),
  /** how long a PLATFORM notification waits between looks at its push */
  platformRecheckMs: z.number().int().positive().default(60_000),
});
export type SendNotificationsInput = z.input<typeof inputSchema>;
type Input = z.output<typeof inputSchema>;

export interface SendNotificationsResult {
  sent: number;
  viaPlatform: number;
  skipped: number;
  /** not yet: waiting for a push, a mail server, or a retry */
  waiting: number;
  failed: number;
}

export function mailerOf(ctx: AppContext): Mailer | null {
  return ctx.mailer === undefined ? processMailer() : ctx.mailer;
}

/** The shop's template of a kind, or the default. */
export async function templateOf(ctx: AppContext, shopId: string, kind: keyof typeof DEFAULT_TEMPLATES) {
  const row = await ctx.db.notificationTemplate.findUnique({ where: { shopId_kind: { shopId, kind } } });
  const fallback = DEFAULT_TEMPLATES[kind];
  return row ? { enabled: row.enabled, subject: row.subject, body: row.body, custom: true } : { ...fallback, custom: false };
}

export function renderNotification(template: TemplateText, values: Readonly<Record<string, string>>) {
  const html = renderTemplate(template.body, values, "html");
  return { subject: renderTemplate(template.subject, values, "subject"), html, text: htmlToText(html) };
}

export async function sendNotifications(
  ctx: AppContext,
  raw: SendNotificationsInput = {},
): Promise<JobOutcome<SendNotificationsResult>> {
  const input = parseInput(inputSchema, raw);
  return runJob(ctx, { job: "notify", shopId: null }, (run) => sendDue(ctx, input, run));
}

type Outcome = keyof SendNotificationsResult;

async function sendDue(ctx: AppContext, input: Input, run: JobRun): Promise<SendNotificationsResult> {
  const result: SendNotificationsResult = { sent: 0, viaPlatform: 0, skipped: 0, waiting: 0, failed: 0 };
  const now = ctx.now();
  const due = await ctx.db.notification.findMany({
    where: dueNow(now),
    select: { id: true },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: input.limit,
  });
  for (const { id } of due) {
    if (run.signal.aborted) break;
    const outcome = await sendOne(ctx, id, run.owner, input);
    if (!outcome) continue;
    run.counts.seen++;
    result[outcome]++;
    if (outcome === "sent" || outcome === "viaPlatform") run.counts.pushed++;
    if (outcome === "failed") run.counts.failed++;
  }
  return result;
}

async function sendOne(ctx: AppContext, id: string, owner: string, input: Input): Promise<Outcome | null> {
  const now = ctx.now();
  const claimed = await ctx.db.notification.updateMany({
    where: { id, ...dueNow(now) },
    data: { state: "IN_FLIGHT", leaseOwner: owner, leaseUntil: new Date(now.getTime() + 5 * 60_000) },
  });
  if (claimed.count !== 1) return null;
  const n = await ctx.db.notification.findUniqueOrThrow({
    where: { id },
    include: { order: { select: { customerEmail: true, redactedAt: true, shop: { select: { email: true } } } } },
  });
  const mine = { id, leaseOwner: owner, state: "IN_FLIGHT" };
  const finish = async (data: Parameters<typeof ctx.db.notification.updateMany>[0]["data"], outcome: Outcome) => {
    await ctx.db.notification.updateMany({ where: mine, data: { ...data, leaseOwner: null, leaseUntil: null } });
    return outcome;
  };
  const wait = (ms: number, why: string | null) =>
    finish({ state: "PENDING", nextAttemptAt: new Date(ctx.now().getTime() + ms), lastError: why }, "waiting");

  if (!isNotificationKind(n.kind)) return finish({ state: "FAILED", lastError: `unknown kind ${n.kind}` }, "failed");
  const template = await templateOf(ctx, n.shopId, n.kind);
  if (!template.enabled) return finish({ state: "SKIPPED", lastError: "The merchant turned this notification off before it was sent." }, "skipped");

  let channel = n.channel;
  if (channel === "PLATFORM") {
    const pushes = await ctx.db.pushIntent.findMany({
      where: { shopId: n.shopId, action: "CREATE", shipment: { fulfillmentId: n.fulfillmentId ?? "", state: "ACCEPTED" } },
      select: { state: true },
    });
    if (pushes.some((p) => p.state === "DONE")) {
      return finish({ state: "SENT_VIA_PLATFORM", sentAt: ctx.now(), lastError: null }, "viaPlatform");
    }
    if (pushes.some((p) => p.state === "PENDING" || p.state === "IN_FLIGHT")) return wait(input.platformRecheckMs, null);
    // The push that would have notified the customer failed or never happened: email instead.
    channel = "EMAIL";
  }

  const to = n.order.redactedAt ? null : n.order.customerEmail?.trim() || null;
  if (!to) {
    return finish(
      { state: "SKIPPED", channel, lastError: n.order.redactedAt ? "The customer's data was redacted." : "The order has no customer email." },
      "skipped",
    );
  }
  const mailer = mailerOf(ctx);
  if (!mailer) return wait(15 * 60_000, new MailerNotConfiguredError().message);
  const values = await notificationValues(ctx.db, n);
  // A fulfillment shipped without a tracking number has nothing to tell under this heading.
  if (n.kind === "TRACKING_ASSIGNED" && values["tracking.numbers"] === "") {
    return finish({ state: "SKIPPED", channel, lastError: "The shipment has no tracking number." }, "skipped");
  }
  const message = renderNotification(template, values);
  try {
    const sent = await mailer.send({
      from: mailer.from,
      to,
      replyTo: n.order.shop.email,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: { "X-Consign-Notification": `${n.kind}:${n.id}` },
    });
    return finish(
      { state: "SENT", channel, recipient: to, subject: message.subject, messageId: sent.messageId, sentAt: ctx.now(), lastError: null, attempts: { increment: 1 } },
      "sent",
    );
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    const attempts = n.attempts + 1;
    if (attempts >= input.maxAttempts) {
      return finish({ state: "FAILED", channel, recipient: to, lastError: problem, attempts }, "failed");
    }
    await ctx.db.notification.updateMany({
      where: mine,
      data: {
        state: "PENDING",
        channel,
        attempts,
        lastError: problem,
        nextAttemptAt: new Date(ctx.now().getTime() + input.baseDelayMs * 2 ** (attempts - 1)),
        leaseOwner: null,
        leaseUntil: null,
      },
    });
    return "waiting";
  }
}

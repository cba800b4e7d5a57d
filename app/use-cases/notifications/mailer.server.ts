// Outgoing email for customer notifications, over SMTP with nodemailer. SMTP_URL names the
// server (smtp://user:pass@host:587, smtps://host:465; the sandbox's catcher is
// smtp://127.0.0.1:<port>); MAIL_FROM the sender. Without SMTP_URL no email can be sent, and the
// notifications that need one wait (and say why) until it is set.
import nodemailer from "nodemailer";
import { z } from "zod";

export interface OutgoingMail {
  from: string;
  to: string;
  replyTo?: string | null;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** the sender when a message gives none */
  readonly from: string;
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export class MailerNotConfiguredError extends Error {
  override name = "MailerNotConfiguredError";
  constructor() {
    super("No SMTP server is configured (set SMTP_URL): the email waits until one is.");
  }
}

const envSchema = z.object({
  SMTP_URL: z
    .string()
    .trim()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(z.url({ protocol: /^smtps?$/, message: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional())
    .optional(),
  MAIL_FROM: z.string().trim().min(3).optional(),
});

export function createSmtpMailer(url: string, from: string, opts: { timeoutMs?: number } = {}): Mailer {
  const timeout = opts.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    from,
    async send(mail) {
      const info = await transport.sendMail({
        from: mail.from,
        to: mail.to,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: mail.headers,
      });
      return { messageId: info.messageId };
    },
  };
}

let cached: Mailer | null | undefined;

/** The process's mailer from SMTP_URL and MAIL_FROM, or null when SMTP_URL is not set. */
export function processMailer(): Mailer | null {
  if (cached === undefined) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "));
    cached = parsed.data.SMTP_URL
      ? createSmtpMailer(parsed.data.SMTP_URL, parsed.data.MAIL_FROM ?? "Consign <notifications@consign.invalid>")
      : null;
  }
  return cached;
}

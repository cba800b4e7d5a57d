// A local SMTP catcher for the sandbox and the tests: an smtp-server on 127.0.0.1 that accepts
// every message (no TLS, no login needed), parses it with mailparser and keeps it in memory.
// Point SMTP_URL at `catcher.url` and read `catcher.messages`.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMessage {
  /** SMTP envelope */
  from: string | null;
  to: string[];
  /** parsed headers and parts */
  subject: string;
  headerFrom: string;
  headerTo: string;
  replyTo: string | null;
  text: string;
  html: string;
  messageId: string | null;
  headers: Record<string, string>;
  raw: string;
  receivedAt: Date;
}

export interface SmtpCatcher {
  /** smtp://127.0.0.1:<port> */
  url: string;
  port: number;
  messages: CaughtMessage[];
  /** resolves once at least `count` messages arrived (rejects after `timeoutMs`) */
  waitFor(count: number, timeoutMs?: number): Promise<CaughtMessage[]>;
  /** the next `n` connections are refused with a 451 (temporary failure) */
  failNext(n: number): void;
  clear(): void;
  close(): Promise<void>;
}

function addressText(value: { text: string } | { text: string }[] | undefined): string {
  if (!value) return "";
  return Array.isArray(value) ? value.map((v) => v.text).join(", ") : value.text;
}

export async function startSmtpCatcher(opts: { port?: number } = {}): Promise<SmtpCatcher> {
  const messages: CaughtMessage[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let failures = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    banner: "Consign sandbox SMTP catcher",
    onMailFrom(_address, _session, callback) {
      if (failures > 0) {
        failures--;
        const error = Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            const headers: Record<string, string> = {};
            for (const line of mail.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
            messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? "",
              headerFrom: addressText(mail.from),
              headerTo: addressText(mail.to),
              replyTo: mail.replyTo ? addressText(mail.replyTo) : null,
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              messageId: mail.messageId ?? null,
              headers,
              raw: raw.toString("utf8"),
              receivedAt: new Date(),
            });
            for (const w of [...waiters]) {
              if (messages.length >= w.count) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve();
              }
            }
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(count, timeoutMs = 5_000) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`SMTP catcher: ${messages.length} of ${count} message(s) after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(messages.slice());
          },
        });
      });
    },
    failNext(n) {
      failures = n;
    },
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

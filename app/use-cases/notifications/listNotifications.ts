// The admin's view of the autoresponders: each kind on or off with its template (the default
// until the merchant edits it), and the notifications sent lately with how they went.
import { DEFAULT_TEMPLATES, NOTIFICATION_KINDS, NOTIFICATION_LABELS, type NotificationKind } from "~/notifications/kinds";
import type { AppContext } from "../context";

export interface TemplateView {
  kind: NotificationKind;
  title: string;
  when: string;
  enabled: boolean;
  subject: string;
  body: string;
  custom: boolean;
}

export interface SentView {
  id: string;
  kind: string;
  state: string;
  channel: string;
  orderId: string;
  orderName: string;
  recipient: string | null;
  subject: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export async function listNotifications(ctx: AppContext, input: { shopId: string; take?: number }) {
  const [rows, sent, shop] = await Promise.all([
    ctx.db.notificationTemplate.findMany({ where: { shopId: input.shopId } }),
    ctx.db.notification.findMany({
      where: { shopId: input.shopId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.take ?? 50,
      include: { order: { select: { name: true } } },
    }),
    ctx.db.shop.findUniqueOrThrow({ where: { id: input.shopId }, select: { platform: true, notifyCustomers: true } }),
  ]);
  const templates: TemplateView[] = NOTIFICATION_KINDS.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    const fallback = DEFAULT_TEMPLATES[kind];
    return {
      kind,
      ...NOTIFICATION_LABELS[kind],
      enabled: row?.enabled ?? fallback.enabled,
      subject: row?.subject ?? fallback.subject,
      body: row?.body ?? fallback.body,
      custom: row !== undefined && (row.subject !== fallback.subject || row.body !== fallback.body),
    };
  });
  const recent: SentView[] = sent.map((n) => ({
    id: n.id,
    kind: n.kind,
    state: n.state,
    channel: n.channel,
    orderId: n.orderId,
    orderName: n.order.name,
    recipient: n.recipient,
    subject: n.subject,
    lastError: n.lastError,
    createdAt: n.createdAt.toISOString(),
    sentAt: n.sentAt?.toISOString() ?? null,
  }));
  /** Shopify sends its own shipping confirmation with a push that says notifyCustomer. */
  const platformSendsTracking = shop.platform === "SHOPIFY" && shop.notifyCustomers;
  return { templates, recent, platformSendsTracking };
}

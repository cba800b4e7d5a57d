// Notifications and outgoing webhooks: the autoresponders (on/off, template, preview), the
// notifications sent lately, and the webhook subscriptions with their delivery log.
import { z } from "zod";
import { env } from "~/lib/env.server";
import { NOTIFICATION_KINDS, PLACEHOLDERS } from "~/notifications/kinds";
import { checkTemplate } from "~/notifications/template";
import { listNotifications } from "~/use-cases/notifications/listNotifications";
import { previewNotification } from "~/use-cases/notifications/previewNotification";
import { updateNotificationTemplate } from "~/use-cases/notifications/updateNotificationTemplate";
import { createWebhookSubscription } from "~/use-cases/webhooks/createWebhookSubscription";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "~/use-cases/webhooks/events";
import { listWebhookSubscriptions } from "~/use-cases/webhooks/listWebhookSubscriptions";
import { removeWebhookSubscription } from "~/use-cases/webhooks/removeWebhookSubscription";
import { retryWebhookDelivery } from "~/use-cases/webhooks/retryWebhookDelivery";
import { attempt, checkbox, invalidInput, many, ok, readBody } from "../admin-route.server";
import type { AdminPage } from "./page.server";

export async function notificationsData({ shop, ctx }: AdminPage) {
  const [notifications, subscriptions] = await Promise.all([
    listNotifications(ctx, { shopId: shop.id }),
    listWebhookSubscriptions(ctx, { shopId: shop.id }),
  ]);
  return {
    ...notifications,
    placeholders: [...PLACEHOLDERS],
    subscriptions,
    events: WEBHOOK_EVENTS.map((event) => ({ event, label: WEBHOOK_EVENT_LABELS[event] })),
    httpAllowed: env().sandbox,
  };
}

const kind = z.enum(NOTIFICATION_KINDS, { message: "Choose a notification" });

const formSchema = z.discriminatedUnion("intent", [
  // Template problems are reported under "<KIND>.subject" / "<KIND>.body": the page has a form per kind.
  z
    .object({ intent: z.literal("template"), kind, enabled: checkbox, subject: z.string(), body: z.string() })
    .superRefine((form, issues) => {
      for (const field of ["subject", "body"] as const) {
        if (form[field].trim() === "") issues.addIssue({ code: "custom", path: [`${form.kind}.${field}`], message: "must not be empty" });
        for (const message of checkTemplate(form[field], PLACEHOLDERS)) {
          issues.addIssue({ code: "custom", path: [`${form.kind}.${field}`], message });
        }
      }
    }),
  z.object({ intent: z.literal("toggle"), kind, enabled: checkbox }),
  z.object({ intent: z.literal("reset"), kind }),
  z.object({ intent: z.literal("preview"), kind, subject: z.string(), body: z.string() }),
  z.object({ intent: z.literal("subscribe"), url: z.string(), events: many(z.enum(WEBHOOK_EVENTS, { message: "Unknown event" })) }),
  z.object({ intent: z.literal("unsubscribe"), subscriptionId: z.string().min(1) }),
  z.object({ intent: z.literal("retry"), deliveryId: z.string().min(1) }),
]);

export async function notificationsAction({ shop, ctx }: AdminPage, request: Request) {
  const parsed = formSchema.safeParse(await readBody(request));
  if (!parsed.success) return invalidInput(parsed.error);
  const form = parsed.data;
  const shopId = shop.id;
  return attempt(async () => {
    switch (form.intent) {
      case "template":
        await updateNotificationTemplate(ctx, { shopId, kind: form.kind, enabled: form.enabled, subject: form.subject, body: form.body });
        return ok("Notification saved", { kind: form.kind });
      case "toggle":
        await updateNotificationTemplate(ctx, { shopId, kind: form.kind, enabled: form.enabled });
        return ok(form.enabled ? "Notification turned on" : "Notification turned off", { kind: form.kind });
      case "reset":
        await updateNotificationTemplate(ctx, { shopId, kind: form.kind, reset: true });
        return ok("Default template restored", { kind: form.kind });
      case "preview":
        return ok("Preview ready", { kind: form.kind, preview: previewNotification({ subject: form.subject, body: form.body }) });
      case "subscribe": {
        const { subscription, secret } = await createWebhookSubscription(ctx, {
          shopId,
          url: form.url,
          events: form.events,
          allowHttp: env().sandbox,
        });
        return ok("Subscription added: copy its signing secret now", { subscriptionId: subscription.id, secret });
      }
      case "unsubscribe":
        await removeWebhookSubscription(ctx, { shopId, subscriptionId: form.subscriptionId });
        return ok("Subscription removed");
      case "retry":
        await retryWebhookDelivery(ctx, { shopId, deliveryId: form.deliveryId });
        return ok("The delivery will be sent again");
    }
  });
}

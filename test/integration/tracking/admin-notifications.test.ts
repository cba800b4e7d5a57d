// The notifications and webhooks page over HTTP (sandbox mode, the admin's seeded shops): toggles
// and templates are checked before they are saved, a preview renders with sample data and escapes
// it, a subscription's secret is shown once and kept sealed, and the delivery log can resend a
// failed delivery. Bad input is a 400 naming the field, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textOf } from "../admin/html";
import { type AdminWorld, startAdminWorld } from "../admin/support";

let w: AdminWorld;

beforeAll(async () => {
  w = await startAdminWorld();
});
afterAll(async () => {
  await w?.close();
});

const PAGE = "/app/notifications";

describe("notifications page", () => {
  it("lists the three notifications, what was sent, and the webhook section", async () => {
    const res = await w.get(PAGE);
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    for (const title of ["Tracking number assigned", "All fulfillments shipped", "Delivered", "Outgoing webhooks", "Sent lately"]) {
      expect(text).toContain(title);
    }
    // The seeded shop's shipped order raised a tracking notification, recorded as sent by Shopify.
    const sent = await w.tdb.db.notification.findMany({ where: { shopId: w.a.shop.id } });
    expect(sent.length).toBeGreaterThan(0);
    expect(text).toContain(w.a.orders.shipped.name);
    // The other shop's notifications are not shown.
    expect(text).not.toContain(w.b.orders.shipped.name);
  });

  it("refuses a template with an unknown placeholder, naming it, and saves nothing", async () => {
    const res = await w.post(PAGE, {
      intent: "template",
      kind: "DELIVERED",
      enabled: "true",
      subject: "Delivered: {{order.total}}",
      body: "<p>Hi</p>",
    });
    expect(res.status).toBe(400);
    // Under the Delivered form's subject only.
    expect(textOf(res.text).split("{{order.total}} is not a known placeholder")).toHaveLength(2);
    expect(await w.tdb.db.notificationTemplate.count({ where: { shopId: w.a.shop.id } })).toBe(0);
    expect((await w.post(PAGE, { intent: "template", kind: "NOPE", subject: "x", body: "y" })).status).toBe(400);
  });

  it("saves a template and a toggle, and shows them", async () => {
    const res = await w.post(PAGE, {
      intent: "template",
      kind: "DELIVERED",
      enabled: "true",
      subject: "Arrived: {{order.name}}",
      body: "<p>Your parcel {{tracking.number}} arrived on {{delivery.date}}.</p>",
    });
    expect(res.status).toBe(200);
    expect(await w.tdb.db.notificationTemplate.findFirstOrThrow({ where: { shopId: w.a.shop.id, kind: "DELIVERED" } })).toMatchObject({
      enabled: true,
      subject: "Arrived: {{order.name}}",
    });
    expect((await w.get(PAGE)).text).toContain('value="Arrived: {{order.name}}"');
    expect((await w.post(PAGE, { intent: "toggle", kind: "DELIVERED", enabled: "false" })).status).toBe(200);
    expect((await w.tdb.db.notificationTemplate.findFirstOrThrow({ where: { shopId: w.a.shop.id, kind: "DELIVERED" } })).enabled).toBe(false);
    expect((await w.post(PAGE, { intent: "reset", kind: "DELIVERED" })).status).toBe(200);
    expect((await w.tdb.db.notificationTemplate.findFirstOrThrow({ where: { shopId: w.a.shop.id, kind: "DELIVERED" } })).subject).toBe(
      "Your order {{order.name}} was delivered",
    );
  });

  it("previews a template with sample data, escaped", async () => {
    const res = await w.postData(PAGE, {
      intent: "preview",
      kind: "TRACKING_ASSIGNED",
      subject: "Order {{order.name}}",
      body: '<p>Hi {{customer.firstName}}</p><a href="{{tracking.url}}">Track</a>',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Order #1001");
    expect(res.text).toContain("<p>Hi Ada</p>");
    expect(res.text).toContain("https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428497");
    const bad = await w.postData(PAGE, { intent: "preview", kind: "TRACKING_ASSIGNED", subject: "{{nope}}", body: "x" });
    expect(bad.status).toBe(200);
    expect(bad.text).toContain("{{nope}} is not a known placeholder");
  });
});

describe("webhook subscriptions", () => {
  it("refuses a bad URL or no events, naming the field", async () => {
    const before = await w.tdb.db.webhookSubscription.count();
    const noUrl = await w.post(PAGE, { intent: "subscribe", url: "not a url", events: ["SHIPPED"] });
    expect(noUrl.status).toBe(400);
    expect(textOf(noUrl.text)).toContain("must be an http(s) URL");
    const noEvents = await w.post(PAGE, { intent: "subscribe", url: "https://partner.example/hooks" });
    expect(noEvents.status).toBe(400);
    expect(textOf(noEvents.text)).toContain("choose at least one event");
    expect(await w.tdb.db.webhookSubscription.count()).toBe(before);
  });

  it("shows the secret once, keeps it sealed, lists the delivery log and resends a failed delivery", async () => {
    const res = await w.post(PAGE, { intent: "subscribe", url: "https://partner.example/hooks", events: ["SHIPPED", "DELIVERED"] });
    expect(res.status).toBe(200);
    const secret = /whsec_[A-Za-z0-9_-]+/.exec(res.text)?.[0];
    expect(secret).toBeDefined();
    const sub = await w.tdb.db.webhookSubscription.findFirstOrThrow({ where: { shopId: w.a.shop.id } });
    expect(JSON.parse(sub.events)).toEqual(["SHIPPED", "DELIVERED"]);
    expect(sub.secretEnc).not.toContain(secret!);
    const page = (await w.get(PAGE)).text;
    expect(page).not.toContain(secret!);
    expect(textOf(page)).toContain("https://partner.example/hooks");

    const failed = await w.tdb.db.webhookDelivery.create({
      data: { shopId: w.a.shop.id, subscriptionId: sub.id, event: "SHIPPED", body: "{}", state: "FAILED", attempts: 6, lastStatus: 503, lastError: "HTTP 503: down" },
    });
    await w.tdb.db.webhookSubscription.update({ where: { id: sub.id }, data: { failing: true, failingSince: new Date() } });
    const log = textOf((await w.get(PAGE)).text);
    expect(log).toContain("Failing");
    expect(log).toContain("HTTP 503: down");
    expect(log).toContain("Send again");

    // Another shop's delivery cannot be resent from here.
    expect((await w.post(PAGE, { intent: "retry", deliveryId: "not-ours" })).status).toBe(404);
    expect((await w.post(PAGE, { intent: "retry", deliveryId: failed.id })).status).toBe(200);
    expect(await w.tdb.db.webhookDelivery.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ state: "PENDING", attempts: 0 });
    expect((await w.post(PAGE, { intent: "retry", deliveryId: failed.id })).status).toBe(409);

    expect((await w.post(PAGE, { intent: "unsubscribe", subscriptionId: sub.id })).status).toBe(200);
    expect(await w.tdb.db.webhookSubscription.count({ where: { shopId: w.a.shop.id } })).toBe(0);
    expect(await w.tdb.db.webhookDelivery.count({ where: { subscriptionId: sub.id } })).toBe(0);
  });
});

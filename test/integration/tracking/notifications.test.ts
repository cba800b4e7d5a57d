// Customer notifications over SMTP (the sandbox catcher): the email path when the platform does
// not notify, a mail server that says "try later", no mail server at all, a customer without an
// email address, a notification turned off, and the fallback to email when the push that would
// have carried Shopify's own notification failed.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { sendNotifications } from "~/use-cases/notifications/sendNotifications";
import { updateNotificationTemplate } from "~/use-cases/notifications/updateNotificationTemplate";
import { createWorld, jobs, placeOrder, ship, type StandIns, startStandIns, type World } from "./world";

let standIns: StandIns;
let world: World;

beforeAll(async () => {
  standIns = await startStandIns();
});
afterAll(async () => {
  await standIns.close();
});
afterEach(async () => {
  standIns.smtp.failNext(0);
  await world.close();
});

const number = "9400111899223197428497";

async function shippedOrder(w: World) {
  const order = await placeOrder(w, [{ sku: "N-1", quantity: 1 }]);
  await ship(w, order.fulfillmentId, [number], [{ orderLineId: order.lineBySku("N-1").id, quantity: 1 }]);
  return order;
}

const rows = (w: World) => w.test.db.notification.findMany({ where: { shopId: w.shopId }, orderBy: { createdAt: "asc" } });

describe("customer notifications", () => {
  test("without the platform's own notification, tracking is emailed with the shop's template, escaped", async () => {
    world = await createWorld(standIns, { notifyCustomers: false, carrierTracking: false });
    standIns.smtp.clear();
    await updateNotificationTemplate(world.ctx, {
      shopId: world.shopId,
      kind: "TRACKING_ASSIGNED",
      subject: "{{shop.name}}: {{order.name}} is on its way",
      body: '<p>Dear {{customer.name}}</p><p><a href="{{tracking.url}}">{{tracking.numbers}}</a> via {{tracking.carrier}}</p>',
    });
    const order = await shippedOrder(world);
    await world.test.db.order.update({ where: { id: order.orderId }, data: { customerName: "Ada <b>Buyer</b>" } });
    expect(await jobs.notify(world)).toMatchObject({ sent: 1 });
    const [mail] = await standIns.smtp.waitFor(1);
    const { name } = await world.test.db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    expect(mail).toMatchObject({ subject: `Test Store: ${name} is on its way`, to: ["ada@buyer.example"], replyTo: "owner@teststore.example" });
    expect(mail!.html).toContain("<p>Dear Ada &lt;b&gt;Buyer&lt;/b&gt;</p>");
    expect(mail!.html).toContain(`<a href="https://tools.usps.com/go/TrackConfirmAction?tLabels=${number}">${number}</a> via USPS`);
    expect(mail!.text).toContain(`${number} (https://tools.usps.com/go/TrackConfirmAction?tLabels=${number}) via USPS`);
    expect(await rows(world)).toEqual([
      expect.objectContaining({ kind: "TRACKING_ASSIGNED", channel: "EMAIL", state: "SENT", recipient: "ada@buyer.example", messageId: mail!.messageId }),
    ]);
  });

  test("a mail server that says 'try later' is tried again later, and the email leaves once", async () => {
    world = await createWorld(standIns, { notifyCustomers: false });
    standIns.smtp.clear();
    await shippedOrder(world);
    standIns.smtp.failNext(1);
    expect(await jobs.notify(world)).toMatchObject({ sent: 0, waiting: 1 });
    const [waiting] = await rows(world);
    expect(waiting).toMatchObject({ state: "PENDING", attempts: 1 });
    expect(waiting!.lastError).toMatch(/451/);
    expect(await jobs.notify(world)).toMatchObject({ sent: 0, waiting: 0 }); // not due yet
    world.clock.advance(5 * 60_000);
    expect(await jobs.notify(world)).toMatchObject({ sent: 1 });
    expect(await jobs.notify(world)).toMatchObject({ sent: 0 });
    expect(await standIns.smtp.waitFor(1)).toHaveLength(1);
  });

  test("with no mail server the email waits and says why; a customer without email is skipped", async () => {
    world = await createWorld(standIns, { notifyCustomers: false });
    world.ctx.mailer = null;
    await shippedOrder(world);
    expect(await jobs.notify(world)).toMatchObject({ waiting: 1 });
    expect((await rows(world))[0]).toMatchObject({ state: "PENDING", lastError: expect.stringContaining("SMTP_URL") });

    await world.test.db.order.updateMany({ data: { customerEmail: null } });
    world.clock.advance(15 * 60_000);
    expect(await jobs.notify(world)).toMatchObject({ skipped: 1 });
    expect((await rows(world))[0]).toMatchObject({ state: "SKIPPED", lastError: "The order has no customer email." });
  });

  test("a fulfillment shipped without a tracking number sends no tracking email", async () => {
    world = await createWorld(standIns, { notifyCustomers: false });
    standIns.smtp.clear();
    const order = await placeOrder(world, [{ sku: "N-0", quantity: 1 }]);
    await ship(world, order.fulfillmentId, [], [{ orderLineId: order.lineBySku("N-0").id, quantity: 1 }]);
    expect(await jobs.notify(world)).toMatchObject({ skipped: 1, sent: 0 });
    expect((await rows(world))[0]).toMatchObject({ kind: "TRACKING_ASSIGNED", state: "SKIPPED", lastError: "The shipment has no tracking number." });
    expect(standIns.smtp.messages).toHaveLength(0);
  });

  test("a notification turned off is not recorded; turned off after recording, it is skipped", async () => {
    world = await createWorld(standIns, { notifyCustomers: false });
    await updateNotificationTemplate(world.ctx, { shopId: world.shopId, kind: "TRACKING_ASSIGNED", enabled: false });
    await shippedOrder(world);
    expect(await rows(world)).toEqual([]);

    await updateNotificationTemplate(world.ctx, { shopId: world.shopId, kind: "TRACKING_ASSIGNED", enabled: true });
    const order = await placeOrder(world, [{ sku: "N-2", quantity: 1 }]);
    await ship(world, order.fulfillmentId, ["9400100000000000000118"], [{ orderLineId: order.lineBySku("N-2").id, quantity: 1 }]);
    await updateNotificationTemplate(world.ctx, { shopId: world.shopId, kind: "TRACKING_ASSIGNED", enabled: false });
    const outcome = await sendNotifications(world.ctx, {});
    expect(outcome.status === "done" && outcome.result).toMatchObject({ skipped: 1, sent: 0 });
  });

  test("via Shopify: recorded once the push is done; if Shopify refused the push, emailed instead", async () => {
    world = await createWorld(standIns);
    standIns.smtp.clear();
    await shippedOrder(world);
    expect(await jobs.notify(world)).toMatchObject({ waiting: 1, viaPlatform: 0 }); // the push has not run
    await jobs.push(world);
    world.clock.advance(60_000);
    expect(await jobs.notify(world)).toMatchObject({ viaPlatform: 1 });
    expect(standIns.smtp.messages).toHaveLength(0);

    // A shipment whose push Shopify refuses (the stand-in answers 400 to fulfillmentCreate).
    const order = await placeOrder(world, [{ sku: "N-3", quantity: 1 }]);
    await ship(world, order.fulfillmentId, ["9400100000000000000125"], [{ orderLineId: order.lineBySku("N-3").id, quantity: 1 }]);
    standIns.shopify.injectFault({ kind: "status", status: 400, match: { field: "fulfillmentCreate" }, times: 20 });
    await jobs.push(world);
    standIns.shopify.clearFaults();
    const intents = await world.test.db.pushIntent.findMany({ where: { action: "CREATE", shipment: { fulfillmentId: order.fulfillmentId } } });
    expect(intents.map((i) => i.state)).toEqual(["FAILED"]);
    world.clock.advance(60_000);
    expect(await jobs.notify(world)).toMatchObject({ sent: 1 });
    const last = (await rows(world)).at(-1)!;
    expect(last).toMatchObject({ kind: "TRACKING_ASSIGNED", channel: "EMAIL", state: "SENT" });
  });
});

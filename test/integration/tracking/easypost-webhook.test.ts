// POST /webhooks/carriers/easypost over HTTP, served by the real app: the EasyPost stand-in signs
// its `tracker.updated` events and the route applies them at once (the same path as the tracking
// job); a forged or unsigned delivery is refused with 401 and changes nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signEasyPostWebhook } from "../../../sandbox/carriers/easypost";
import { type AppServer, startAppServer } from "../../support/app-server";
import {
  createWorld,
  EASYPOST_KEY,
  EASYPOST_SECRET,
  fulfillment,
  jobs,
  placeOrder,
  ship,
  type StandIns,
  startStandIns,
  type World,
} from "./world";

let standIns: StandIns;
let world: World;
let app: AppServer;
let hookUrl: string;

beforeAll(async () => {
  standIns = await startStandIns();
  world = await createWorld(standIns);
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "CONSIGN_SANDBOX"]) delete process.env[name];
  Object.assign(process.env, {
    DATABASE_URL: world.test.url,
    EASYPOST_API_KEY: EASYPOST_KEY,
    EASYPOST_WEBHOOK_SECRET: EASYPOST_SECRET,
    CONSIGN_CARRIER_BASE_URLS: `easypost=${standIns.easypost.url}`,
  });
  app = await startAppServer();
  hookUrl = `${app.url}/webhooks/carriers/easypost`;
});
afterAll(async () => {
  await app?.close();
  await world?.close();
  await standIns?.close();
});

describe("EasyPost webhooks", () => {
  test("a signed tracker.updated moves the fulfillment at once; forged and unsigned ones are refused", async () => {
    const number = "9400100000000000000101";
    const order = await placeOrder(world, [{ sku: "HOOK-1", quantity: 1 }]);
    await ship(world, order.fulfillmentId, [number], [{ orderLineId: order.lineBySku("HOOK-1").id, quantity: 1 }]);
    await jobs.push(world);
    standIns.easypost.register(number, "USPS", new Date("2026-11-21T13:00:00Z"));
    await jobs.track(world); // creates the tracker at EasyPost
    standIns.easypost.addWebhook(hookUrl, EASYPOST_SECRET);

    const deliveries = await standIns.easypost.advance(number, "IN_TRANSIT", new Date("2026-11-21T21:00:00Z"));
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("SHIPPED");
    const events = await world.test.db.pushIntent.findMany({ where: { action: "EVENT" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => (JSON.parse(e.payload!) as { status: string }).status)).toEqual(["LABEL_PRINTED", "IN_TRANSIT"]);

    // A body changed after signing, one signed with another secret, and one with no signature.
    const tracker = await world.test.db.shipmentTracker.findFirstOrThrow({ where: { trackingNumber: number } });
    const body = JSON.stringify({
      object: "Event",
      id: "evt_forged",
      description: "tracker.updated",
      result: {
        id: "trk_forged",
        object: "Tracker",
        tracking_code: number,
        status: "delivered",
        carrier: "USPS",
        tracking_details: [{ object: "TrackingDetail", status: "delivered", datetime: "2026-11-22T10:00:00Z", message: "Delivered" }],
      },
    });
    const post = (headers: Record<string, string>, text = body) =>
      fetch(hookUrl, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: text });
    const tampered = await post({ "X-Hmac-Signature": signEasyPostWebhook(body.replace("2026-11-22", "2026-11-21"), EASYPOST_SECRET) });
    expect(tampered.status).toBe(401);
    expect((await post({ "X-Hmac-Signature": signEasyPostWebhook(body, "not-the-secret") })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect((await fetch(hookUrl)).status).toBe(405);
    expect(await world.test.db.shipmentTracker.findUniqueOrThrow({ where: { id: tracker.id } })).toMatchObject({
      status: "IN_TRANSIT",
      deliveredAt: null,
    });
    expect((await fulfillment(world, order.fulfillmentId)).status).toBe("SHIPPED");
    expect(await world.test.db.pushIntent.count({ where: { action: "EVENT" } })).toBe(2);

    // The same body, signed with the secret, is taken: delivered at once.
    const signed = await post({ "X-Hmac-Signature": signEasyPostWebhook(body, EASYPOST_SECRET) });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({ event: "tracker.updated", applied: 1, moved: ["DELIVERED"] });
    const done = await fulfillment(world, order.fulfillmentId);
    expect(done).toMatchObject({ status: "DELIVERED", deliveredAt: new Date("2026-11-22T10:00:00Z") });
  });
});

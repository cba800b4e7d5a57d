import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CarrierCredentialsRejectedError, CarrierRequestRejectedError, UnsupportedCarrierError } from "~/carriers/errors";
import { createFedExTracker } from "~/carriers/fedex/tracker";
import { type DirectCarrierStandIn, startFedExStandIn } from "../../../sandbox/carriers/fedex";
import { recordingSleep, testClock, walkJourney } from "./support";

const credentials = { clientId: "consign-fedex", clientSecret: "fx-secret" };
const clock = testClock();
let standIn: DirectCarrierStandIn;

beforeAll(async () => {
  standIn = await startFedExStandIn({ clients: { [credentials.clientId]: credentials.clientSecret }, tokenTtlSeconds: 3600, now: clock.now });
});
afterAll(async () => {
  await standIn.close();
});
afterEach(() => {
  standIn.faults.clear();
});

const tracker = () => createFedExTracker({ baseUrl: standIn.url, credentials, now: clock.now, sleep: recordingSleep().sleep });
const trackRequests = () => standIn.requests.filter((r) => r.path === "/track/v1/trackingnumbers");

describe("FedEx Track API against the stand-in", () => {
  it("walks a parcel from label to delivery, delivered date from ACTUAL_DELIVERY", async () => {
    const result = await walkJourney(standIn, tracker(), "568283610012734", "FedEx Home Delivery");
    expect(result).toMatchObject({
      carrier: "FEDEX",
      rawStatus: "DL",
      trackingUrl: "https://www.fedex.com/fedextrack/?trknbr=568283610012734",
    });
  });

  it("sends the documented request body with a Bearer token", async () => {
    standIn.register("986578788855", "FedEx", clock.now());
    await tracker().track("986578788855", "FedEx");
    const request = trackRequests().at(-1)!;
    expect(request.headers.authorization).toMatch(/^Bearer \S+/);
    expect(JSON.parse(request.body)).toEqual({
      includeDetailedScans: true,
      trackingInfo: [{ trackingNumberInfo: { trackingNumber: "986578788855" } }],
    });
    const token = standIn.requests.filter((r) => r.path === "/oauth/token").at(-1)!;
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({
      grant_type: "client_credentials",
      client_id: "consign-fedex",
      client_secret: "fx-secret",
    });
  });

  it("reads an estimated delivery, a hold at location and a delivery exception", async () => {
    standIn.register("477179081230", "FedEx", new Date("2026-03-02T09:00:00Z"));
    await standIn.advance("477179081230", "IN_TRANSIT", new Date("2026-03-03T09:00:00Z"));
    expect(await tracker().track("477179081230", "FedEx")).toMatchObject({
      status: "IN_TRANSIT",
      estimatedDeliveryAt: "2026-03-05T09:00:00.000Z",
    });
    await standIn.advance("477179081230", "DE");
    expect((await tracker().track("477179081230", "FedEx")).status).toBe("DELIVERY_ATTEMPTED");
    await standIn.advance("477179081230", "HL");
    expect((await tracker().track("477179081230", "FedEx")).status).toBe("AVAILABLE_FOR_PICKUP");
  });

  it("answers UNKNOWN for a number FedEx cannot find", async () => {
    expect(await tracker().track("799531274483", "FedEx")).toMatchObject({
      status: "UNKNOWN",
      rawStatus: "TRACKING.TRACKINGNUMBER.NOTFOUND",
      checkpoints: [],
    });
  });

  it("refuses another carrier's parcel", async () => {
    await expect(tracker().track("1Z999AA10123456784", "UPS")).rejects.toThrow(UnsupportedCarrierError);
  });

  it("rejects a request the stand-in finds malformed, with FedEx's error", async () => {
    const tokenResponse = await fetch(`${standIn.url}/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: "consign-fedex", client_secret: "fx-secret" }),
    });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const response = await fetch(`${standIn.url}/track/v1/trackingnumbers`, {
      method: "POST",
      headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ trackingInfo: [{ trackingNumber: "986578788855" }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ code: "INVALID.INPUT.EXCEPTION" }] });
  });

  it("does not retry a 4xx", async () => {
    standIn.faults.inject({ status: 400, pathPrefix: "/track/" });
    standIn.register("790535312317", "FedEx", clock.now());
    await expect(tracker().track("790535312317", "FedEx")).rejects.toThrow(CarrierRequestRejectedError);
    expect((await tracker().track("790535312317", "FedEx")).status).toBe("LABEL_CREATED");
  });
});

describe("FedEx OAuth token", () => {
  it("is reused, then refreshed after its 3600 s", async () => {
    const client = tracker();
    standIn.register("974367662710", "FedEx", clock.now());
    const before = standIn.tokens.issued;
    await client.track("974367662710", "FedEx");
    clock.advance(30 * 60_000);
    await client.track("974367662710", "FedEx");
    expect(standIn.tokens.issued - before).toBe(1);
    clock.advance(31 * 60_000);
    const tracksBefore = trackRequests().length;
    await client.track("974367662710", "FedEx");
    expect(standIn.tokens.issued - before).toBe(2);
    expect(trackRequests().length - tracksBefore).toBe(1);
  });

  it("is replaced after a 401", async () => {
    const client = tracker();
    standIn.register("974367662710", "FedEx", clock.now());
    await client.track("974367662710", "FedEx");
    const before = standIn.tokens.issued;
    standIn.revokeTokens();
    expect((await client.track("974367662710", "FedEx")).status).toBe("LABEL_CREATED");
    expect(standIn.tokens.issued - before).toBe(1);
  });

  it("reports refused credentials as such", async () => {
    const client = createFedExTracker({ baseUrl: standIn.url, credentials: { clientId: "consign-fedex", clientSecret: "nope" } });
    await expect(client.track("986578788855", "FedEx")).rejects.toThrow(CarrierCredentialsRejectedError);
  });
});

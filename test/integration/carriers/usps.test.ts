import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CarrierCredentialsRejectedError, CarrierUnavailableError } from "~/carriers/errors";
import { createUspsTracker } from "~/carriers/usps/tracker";
import type { DirectCarrierStandIn } from "../../../sandbox/carriers/fedex";
import { startUspsStandIn } from "../../../sandbox/carriers/usps";
import { recordingSleep, testClock, walkJourney } from "./support";

const credentials = { clientId: "consign-usps", clientSecret: "usps-secret" };
const clock = testClock();
let standIn: DirectCarrierStandIn;

beforeAll(async () => {
  standIn = await startUspsStandIn({ clients: { [credentials.clientId]: credentials.clientSecret }, now: clock.now });
});
afterAll(async () => {
  await standIn.close();
});
afterEach(() => {
  standIn.faults.clear();
});

const tracker = (sleep = recordingSleep().sleep) => createUspsTracker({ baseUrl: standIn.url, credentials, now: clock.now, sleep });
const trackRequests = () => standIn.requests.filter((r) => r.path === "/tracking/v3r2/tracking");

describe("USPS Tracking 3.2 against the stand-in", () => {
  it("walks a parcel from label to delivery, delivered date from event 01", async () => {
    const result = await walkJourney(standIn, tracker(), "9400111899223197428497", "usps_priority");
    expect(result).toMatchObject({
      carrier: "USPS",
      rawStatus: "Delivered",
      trackingUrl: "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428497",
    });
    expect(result.checkpoints.at(-1)).toMatchObject({ rawStatus: "01", city: "DENVER" });
  });

  it("posts an array body to v3r2 with a Bearer token", async () => {
    standIn.register("9205590164917312751089", "USPS", clock.now());
    await tracker().track("9205 5901 6491 7312 7510 89", "USPS");
    const request = trackRequests().at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.headers.authorization).toMatch(/^Bearer \S+/);
    expect(JSON.parse(request.body)).toEqual([{ trackingNumber: "9205590164917312751089" }]);
  });

  it("reads notice left, pickup and return to sender", async () => {
    standIn.register("9361289878700317633795", "USPS", clock.now());
    await standIn.advance("9361289878700317633795", "DELIVERY_ATTEMPTED");
    expect((await tracker().track("9361289878700317633795", "USPS")).status).toBe("DELIVERY_ATTEMPTED");
    await standIn.advance("9361289878700317633795", "Available for Pickup");
    expect((await tracker().track("9361289878700317633795", "USPS")).status).toBe("AVAILABLE_FOR_PICKUP");
    await standIn.advance("9361289878700317633795", "RETURNED_TO_SENDER");
    expect((await tracker().track("9361289878700317633795", "USPS")).status).toBe("RETURNED_TO_SENDER");
  });

  it("answers UNKNOWN for a number USPS has no data for", async () => {
    expect(await tracker().track("420221539101026837331000039521", "USPS")).toMatchObject({ status: "UNKNOWN", rawStatus: "404" });
  });

  it("retries 5xx with backoff and then gives up", async () => {
    const { sleep, delays } = recordingSleep();
    standIn.faults.inject({ status: 502, times: 3, pathPrefix: "/tracking/" });
    standIn.register("9400111899223197428497", "USPS", clock.now());
    await expect(tracker(sleep).track("9400111899223197428497", "USPS")).rejects.toThrow(CarrierUnavailableError);
    expect(delays).toEqual([250, 500]);
  });
});

describe("USPS OAuth token", () => {
  it("is reused within its 8 h, refreshed after, and replaced after a 401", async () => {
    const client = tracker();
    standIn.register("9400111899223197428497", "USPS", clock.now());
    const before = standIn.tokens.issued;
    await client.track("9400111899223197428497", "USPS");
    clock.advance(7 * 3600_000);
    await client.track("9400111899223197428497", "USPS");
    expect(standIn.tokens.issued - before).toBe(1);
    clock.advance(3600_000);
    await client.track("9400111899223197428497", "USPS");
    expect(standIn.tokens.issued - before).toBe(2);
    standIn.revokeTokens();
    expect((await client.track("9400111899223197428497", "USPS")).status).toBe("LABEL_CREATED");
    expect(standIn.tokens.issued - before).toBe(3);
  });

  it("reports refused credentials as such", async () => {
    const client = createUspsTracker({ baseUrl: standIn.url, credentials: { clientId: "x", clientSecret: "y" } });
    await expect(client.track("9400111899223197428497", "USPS")).rejects.toThrow(CarrierCredentialsRejectedError);
  });
});

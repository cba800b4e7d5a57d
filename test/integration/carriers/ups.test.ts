import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CarrierCredentialsRejectedError, UnsupportedCarrierError } from "~/carriers/errors";
import { createUpsTracker } from "~/carriers/ups/tracker";
import { startUpsStandIn, type UpsStandIn } from "../../../sandbox/carriers/ups";
import { recordingSleep, testClock, walkJourney } from "./support";

const credentials = { clientId: "consign-ups", clientSecret: "s3cret" };
const clock = testClock();
let standIn: UpsStandIn;
let warningStandIn: UpsStandIn;

beforeAll(async () => {
  standIn = await startUpsStandIn({ clients: { [credentials.clientId]: credentials.clientSecret }, tokenTtlSeconds: 14_399, now: clock.now });
  warningStandIn = await startUpsStandIn({ clients: { [credentials.clientId]: credentials.clientSecret }, notFound: "warning" });
});
afterAll(async () => {
  await Promise.all([standIn.close(), warningStandIn.close()]);
});
afterEach(() => {
  standIn.faults.clear();
});

const tracker = (baseUrl = standIn.url) => createUpsTracker({ baseUrl, credentials, now: clock.now, sleep: recordingSleep().sleep });
const tokenRequests = (s: UpsStandIn) => s.requests.filter((r) => r.path === "/security/v1/oauth/token");
const trackRequests = (s: UpsStandIn) => s.requests.filter((r) => r.path.startsWith("/api/track/"));

describe("UPS Track API against the stand-in (requests and responses checked against UPS's OpenAPI)", () => {
  it("walks a parcel from label to delivery", async () => {
    const result = await walkJourney(standIn, tracker(), "1Z999AA10123456784", "UPS");
    expect(result).toMatchObject({ carrier: "UPS", trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784", rawStatus: "D/KB" });
    expect(result.checkpoints[0]).toMatchObject({ city: "RENO", country: "US", rawStatus: "M/MP" });
  });

  it("sends what Tracking.yaml requires: Bearer token, transId, transactionSrc", async () => {
    standIn.register("1Z5R89390357567127", "UPS", clock.now());
    await tracker().track("1Z5R89390357567127", "UPS");
    const request = trackRequests(standIn).at(-1)!;
    expect(request.method).toBe("GET");
    expect(request.path).toBe("/api/track/v1/details/1Z5R89390357567127");
    expect(request.headers.authorization).toMatch(/^Bearer \S+/);
    expect(request.headers.transid).toMatch(/^[0-9a-f]{32}$/);
    expect(request.headers.transactionsrc).toBe("consign");
    const token = tokenRequests(standIn).at(-1)!;
    expect(token.headers.authorization).toBe(`Basic ${Buffer.from("consign-ups:s3cret").toString("base64")}`);
    expect(token.body).toBe("grant_type=client_credentials");
  });

  it("reads a failed delivery attempt and an exception from type X", async () => {
    standIn.register("1Z879E930346834440", "UPS", clock.now());
    await standIn.advance("1Z879E930346834440", "DELIVERY_ATTEMPTED");
    expect((await tracker().track("1Z879E930346834440", "UPS")).status).toBe("DELIVERY_ATTEMPTED");
    await standIn.advance("1Z879E930346834440", "EXCEPTION");
    expect((await tracker().track("1Z879E930346834440", "UPS")).status).toBe("EXCEPTION");
    await standIn.advance("1Z879E930346834440", "RS");
    expect((await tracker().track("1Z879E930346834440", "UPS")).status).toBe("RETURNED_TO_SENDER");
  });

  it("answers UNKNOWN for a number UPS has no data for, whether as a 404 or a TW0001 warning", async () => {
    for (const url of [standIn.url, warningStandIn.url]) {
      const result = await tracker(url).track("1Z410E7W0392751591", "UPS");
      expect(result).toMatchObject({ status: "UNKNOWN", checkpoints: [], deliveredAt: null, rawStatus: url === standIn.url ? null : "TW0001" });
    }
  });

  it("refuses another carrier's parcel", async () => {
    await expect(tracker().track("986578788855", "FedEx")).rejects.toThrow(UnsupportedCarrierError);
  });
});

describe("UPS OAuth token", () => {
  it("is fetched once, reused until it expires, then refreshed", async () => {
    const client = tracker();
    standIn.register("1Z8V92A70367203024", "UPS", clock.now());
    const before = tokenRequests(standIn).length;
    await client.track("1Z8V92A70367203024", "UPS");
    await client.track("1Z8V92A70367203024", "UPS");
    clock.advance(3 * 3600_000); // 3 h: still inside the 14399 s lifetime
    await client.track("1Z8V92A70367203024", "UPS");
    expect(tokenRequests(standIn).length - before).toBe(1);

    clock.advance(60 * 60_000); // 4 h in: past expiry; the stand-in would refuse the old token
    const tracksBefore = trackRequests(standIn).length;
    await client.track("1Z8V92A70367203024", "UPS");
    expect(tokenRequests(standIn).length - before).toBe(2);
    // refreshed before asking, not after a 401
    expect(trackRequests(standIn).length - tracksBefore).toBe(1);
    const lastTwo = trackRequests(standIn).slice(-2).map((r) => r.headers.authorization);
    expect(lastTwo[0]).not.toBe(lastTwo[1]);
  });

  it("is replaced when UPS refuses it before its expiry (401)", async () => {
    const client = tracker();
    standIn.register("1ZXX3150YW44070023", "UPS", clock.now());
    await client.track("1ZXX3150YW44070023", "UPS");
    const before = tokenRequests(standIn).length;
    standIn.revokeTokens();
    const result = await client.track("1ZXX3150YW44070023", "UPS");
    expect(result.status).toBe("LABEL_CREATED");
    expect(tokenRequests(standIn).length - before).toBe(1);
  });

  it("reports refused client credentials as such", async () => {
    const client = createUpsTracker({ baseUrl: standIn.url, credentials: { clientId: "consign-ups", clientSecret: "wrong" } });
    await expect(client.track("1Z999AA10123456784", "UPS")).rejects.toThrow(CarrierCredentialsRejectedError);
  });
});

describe("the UPS stand-in's spec check bites", () => {
  const requestToken = (body: string) =>
    fetch(`${standIn.url}/security/v1/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from("consign-ups:s3cret").toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body,
    });

  async function token(): Promise<string> {
    const response = await requestToken("grant_type=client_credentials");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; expires_in: unknown };
    expect(typeof body.expires_in).toBe("string"); // tokenSuccessResponse.expires_in is a string
    return body.access_token;
  }

  it("rejects a track request without the required transId header", async () => {
    standIn.register("1Z999AA10123456784", "UPS", clock.now());
    const response = await fetch(`${standIn.url}/api/track/v1/details/1Z999AA10123456784`, {
      headers: { Authorization: `Bearer ${await token()}`, transactionSrc: "consign" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      response: { errors: [{ code: "VALIDATION", message: expect.stringContaining("must have required property 'transid'") }] },
    });
  });

  it("rejects a token request without grant_type (required by OAuthClientCredentials.yaml)", async () => {
    const response = await requestToken("scope=read");
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("grant_type");
  });

  it("rejects a track request without a token", async () => {
    const response = await fetch(`${standIn.url}/api/track/v1/details/1Z999AA10123456784`, {
      headers: { transId: "abc", transactionSrc: "consign" },
    });
    expect(response.status).toBe(401);
  });

  it("rejects an inquiry number outside 7..34 characters", async () => {
    const response = await fetch(`${standIn.url}/api/track/v1/details/1Z9`, {
      headers: { Authorization: `Bearer ${await token()}`, transId: "abc", transactionSrc: "consign" },
    });
    expect(response.status).toBe(400);
  });

  it("finds a response body that breaks the TrackApiResponse schema", () => {
    const good = { trackResponse: { shipment: [{ package: [{ trackingNumber: "1Z999AA10123456784", packageCount: 1 }] }] } };
    expect(standIn.checkTrackResponse(200, good)).toEqual([]);
    const bad = { trackResponse: { shipment: [{ package: [{ trackingNumber: "1Z999AA10123456784", packageCount: "1" }] }] } };
    expect(standIn.checkTrackResponse(200, bad)).toEqual(["/trackResponse/shipment/0/package/0/packageCount must be integer"]);
    expect(standIn.checkTrackResponse(200, { trackResponse: { shipment: { package: [] } } })).toEqual([
      "/trackResponse/shipment must be array",
    ]);
  });
});

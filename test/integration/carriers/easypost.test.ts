import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEasyPostTracker, type EasyPostWebhookResult } from "~/carriers/easypost/tracker";
import { CarrierConfigError, CarrierCredentialsRejectedError, CarrierUnavailableError } from "~/carriers/errors";
import { type EasyPostStandIn, signEasyPostWebhook, startEasyPostStandIn } from "../../../sandbox/carriers/easypost";
import { recordingSleep, walkJourney } from "./support";

const API_KEY = "EZTK_test_consign";
const SECRET = "whsec-ñandú"; // not ASCII: the secret is NFKD-normalized before hashing (notes §4b)

let standIn: EasyPostStandIn;
beforeAll(async () => {
  standIn = await startEasyPostStandIn({ apiKeys: [API_KEY] });
});
afterAll(async () => {
  await standIn.close();
});
afterEach(() => {
  standIn.faults.clear();
});

function tracker(extra: Partial<Parameters<typeof createEasyPostTracker>[0]> = {}) {
  return createEasyPostTracker({
    baseUrl: standIn.url,
    credentials: { apiKey: API_KEY, webhookSecret: SECRET },
    sleep: recordingSleep().sleep,
    ...extra,
  });
}

describe("EasyPost tracker against the stand-in", () => {
  it("walks a parcel from label to delivery, with EasyPost's public URL", async () => {
    const client = tracker();
    const result = await walkJourney(standIn, client, "9400111899223197428497", "USPS");
    expect(result.carrier).toBe("USPS");
    expect(result.trackingUrl).toMatch(/^https:\/\/track\.easypost\.com\//);
    expect(result.rawStatus).toBe("delivered/arrived_at_destination");
    expect(result.checkpoints.at(-1)).toMatchObject({ city: "DENVER", country: "US", message: "Delivered" });
  });

  it("reads an estimated delivery while the parcel moves", async () => {
    standIn.register("1Z999AA10123456784", "UPS", new Date("2026-03-02T09:00:00Z"));
    await standIn.advance("1Z999AA10123456784", "IN_TRANSIT", new Date("2026-03-03T09:00:00Z"));
    const result = await tracker().track("1z999aa10123456784", "UPS Ground");
    expect(result).toMatchObject({ status: "IN_TRANSIT", carrier: "UPS", estimatedDeliveryAt: "2026-03-05T09:00:00.000Z" });
  });

  it.each([
    ["EZ1000000001", "LABEL_CREATED"],
    ["EZ2000000002", "IN_TRANSIT"],
    ["EZ3000000003", "OUT_FOR_DELIVERY"],
    ["EZ4000000004", "DELIVERED"],
    ["EZ5000000005", "RETURNED_TO_SENDER"],
    ["EZ6000000006", "EXCEPTION"],
    ["EZ7000000007", "UNKNOWN"],
  ])("test code %s reads as %s", async (code, status) => {
    const result = await tracker().track(code, "USPS");
    expect(result.status).toBe(status);
    expect(result.carrier).toBe("USPS");
    if (status === "DELIVERED") {
      expect(result.deliveredAt).toBe(result.checkpoints.at(-1)?.at);
      expect(result.checkpoints.map((c) => c.status)).toEqual(["LABEL_CREATED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]);
    } else {
      expect(result.deliveredAt).toBeNull();
    }
  });

  it("creates one tracker per parcel and reads it by id afterwards", async () => {
    const client = tracker();
    const before = standIn.requests.length;
    await client.track("EZ2000000002", "USPS");
    await client.track("EZ2000000002", "USPS");
    const calls = standIn.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/trk_\w+/, "trk_*")}`);
    expect(calls).toEqual(["POST /v2/trackers", "GET /v2/trackers/trk_*"]);
    expect(JSON.parse(standIn.requests[before].body)).toEqual({ tracker: { tracking_code: "EZ2000000002", carrier: "USPS" } });
  });

  it("retries a 5xx and honours Retry-After on 429", async () => {
    const { sleep, delays } = recordingSleep();
    standIn.faults.inject({ status: 503, pathPrefix: "/v2/trackers" });
    standIn.faults.inject({ status: 429, retryAfterSeconds: 2, pathPrefix: "/v2/trackers" });
    const result = await tracker({ sleep }).track("EZ3000000003", "USPS");
    expect(result.status).toBe("OUT_FOR_DELIVERY");
    expect(delays).toEqual([250, 2000]);
  });

  it("gives up after its attempts with CarrierUnavailableError", async () => {
    standIn.faults.inject({ status: 500, times: 3 });
    await expect(tracker().track("EZ1000000001", "USPS")).rejects.toThrow(CarrierUnavailableError);
  });

  it("times out a slow answer and retries", async () => {
    standIn.faults.inject({ latencyMs: 400 });
    const result = await tracker({ timeoutMs: 100 }).track("EZ4000000004", "USPS");
    expect(result.status).toBe("DELIVERED");
  });

  it("reports a refused API key as such", async () => {
    const client = createEasyPostTracker({ baseUrl: standIn.url, credentials: { apiKey: "EZTK_wrong" } });
    await expect(client.track("EZ1000000001", "USPS")).rejects.toThrow(CarrierCredentialsRejectedError);
  });

  it("refuses to start without an API key, naming the field", () => {
    expect(() => createEasyPostTracker({ baseUrl: standIn.url, credentials: { apiKey: " " } })).toThrow(
      new CarrierConfigError("credentials.apiKey", "EasyPost API key is required"),
    );
  });
});

describe("EasyPost tracker.updated webhooks", () => {
  let receiver: Server;
  let receiverUrl: string;
  const received: { raw: Buffer; signature: string | undefined; verdict: EasyPostWebhookResult }[] = [];
  const client = () => tracker();

  function toRequest(incoming: IncomingMessage, raw: Buffer): Request {
    const headers = new Headers();
    for (const [k, v] of Object.entries(incoming.headers)) if (typeof v === "string") headers.set(k, v);
    return new Request(`http://127.0.0.1${incoming.url}`, { method: "POST", headers, body: new Uint8Array(raw) });
  }

  beforeAll(async () => {
    receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const verdict = await client().webhook(toRequest(req, raw));
      received.push({ raw, signature: req.headers["x-hmac-signature"] as string | undefined, verdict });
      res.writeHead(verdict.valid ? 200 : 401).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/easypost`;
    // Registered through EasyPost's own API, as the app would.
    const response = await fetch(`${standIn.url}/v2/webhooks`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString("base64")}`, "Content-Type": "application/json" },
      body: JSON.stringify({ webhook: { url: receiverUrl, webhook_secret: SECRET } }),
    });
    expect(response.status).toBe(201);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it("verifies a signed tracker.updated and returns the parsed tracker", async () => {
    const number = "9205590164917312751089";
    standIn.register(number, "USPS", new Date("2026-03-02T09:00:00Z"));
    await client().track(number, "USPS");
    received.length = 0;
    const deliveries = await standIn.advance(number, "OUT_FOR_DELIVERY", new Date("2026-03-03T07:00:00Z"));
    expect(deliveries).toEqual([{ url: receiverUrl, status: 200 }]);
    const delivery = received.find((r) => r.verdict.valid && r.verdict.description === "tracker.updated");
    expect(delivery?.raw.toString()).toContain('"weight":16.0');
    const verdict = delivery?.verdict;
    expect(verdict?.valid).toBe(true);
    if (!verdict?.valid) throw new Error("unreachable");
    expect(verdict.tracker?.tracking_code).toBe(number);
    expect(verdict.result).toMatchObject({ trackingNumber: number, status: "OUT_FOR_DELIVERY", carrier: "USPS" });
  });

  it("refuses a forged body, a wrong secret and a missing signature", async () => {
    const number = "9361289878700317633795";
    standIn.register(number, "USPS", new Date("2026-03-02T09:00:00Z"));
    await client().track(number, "USPS");
    received.length = 0;
    await standIn.advance(number, "DELIVERED", new Date("2026-03-04T12:00:00Z"));
    const genuine = received.find((r) => r.verdict.valid && r.verdict.description === "tracker.updated");
    if (!genuine?.signature) throw new Error("no signed delivery received");

    const forgedBody = genuine.raw.toString().replace('"status":"delivered"', '"status":"return_to_sender"');
    expect(forgedBody).not.toBe(genuine.raw.toString());
    const forged = client().verifyWebhook(forgedBody, genuine.signature);
    expect(forged).toEqual({ valid: false, reason: "X-Hmac-Signature does not match the body" });

    const wrongSecret = client().verifyWebhook(genuine.raw, signEasyPostWebhook(genuine.raw.toString(), "another-secret"));
    expect(wrongSecret.valid).toBe(false);

    expect(client().verifyWebhook(genuine.raw, undefined)).toEqual({ valid: false, reason: "missing X-Hmac-Signature header" });

    // Over HTTP too: the receiver answers 401 to a forged delivery.
    const response = await fetch(receiverUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Hmac-Signature": genuine.signature },
      body: forgedBody,
    });
    expect(response.status).toBe(401);
  });

  it("rejects every webhook when no secret is configured", () => {
    const noSecret = createEasyPostTracker({ baseUrl: standIn.url, credentials: { apiKey: API_KEY } });
    const body = '{"object":"Event","description":"tracker.updated","result":{}}';
    expect(noSecret.verifyWebhook(body, signEasyPostWebhook(body, ""))).toEqual({ valid: false, reason: "no webhook secret is configured" });
  });
});

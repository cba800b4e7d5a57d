import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFedExTracker } from "~/carriers/fedex/tracker";
import { createUspsTracker } from "~/carriers/usps/tracker";
import { type CarrierStandIns, startCarrierStandIns } from "../../../sandbox/carriers";

let standIns: CarrierStandIns;
beforeAll(async () => {
  standIns = await startCarrierStandIns();
});
afterAll(async () => {
  await standIns.close();
});

async function control(base: string, method: string, command: string, body?: unknown) {
  const response = await fetch(`${base}/__control/${command}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("stand-in control API over HTTP", () => {
  it("registers and advances a parcel, and injects and clears faults", async () => {
    const { fedex } = standIns;
    const client = createFedExTracker({
      baseUrl: fedex.url,
      credentials: { clientId: "fedex-key", clientSecret: "fedex-secret" },
      sleep: async () => {},
      attempts: 2,
    });
    expect((await control(fedex.url, "POST", "register", { number: "986578788855", carrier: "FedEx", at: "2026-03-02T09:00:00Z" })).status).toBe(200);
    expect((await control(fedex.url, "POST", "advance", { number: "986578788855", status: "OUT_FOR_DELIVERY" })).status).toBe(200);
    expect((await client.track("986578788855", "FedEx")).status).toBe("OUT_FOR_DELIVERY");

    await control(fedex.url, "POST", "faults", { status: 503, times: 5 });
    await expect(client.track("986578788855", "FedEx")).rejects.toThrow(/HTTP 503/);
    await control(fedex.url, "DELETE", "faults");
    expect((await client.track("986578788855", "FedEx")).status).toBe("OUT_FOR_DELIVERY");
  });

  it("names the bad field of a control command and changes nothing", async () => {
    const { usps } = standIns;
    const bad = await control(usps.url, "POST", "advance", { number: "9400111899223197428497" });
    expect(bad).toEqual({ status: 400, body: { error: expect.stringContaining("status") } });
    const unregistered = await control(usps.url, "POST", "advance", { number: "9400111899223197428497", status: "DELIVERED" });
    expect(unregistered).toEqual({ status: 400, body: { error: "parcel 9400111899223197428497 is not registered" } });
    const registered = await control(usps.url, "POST", "register", { number: "9400111899223197428497" });
    expect(registered.status).toBe(200);
    const wrongStatus = await control(usps.url, "POST", "advance", { number: "9400111899223197428497", status: "TELEPORTED" });
    expect(wrongStatus.status).toBe(400);
    expect(String(wrongStatus.body.error)).toMatch(/unknown status "TELEPORTED"; use one of LABEL_CREATED/);
    const client = createUspsTracker({ baseUrl: usps.url, credentials: { clientId: "usps-key", clientSecret: "usps-secret" } });
    const result = await client.track("9400111899223197428497", "USPS");
    expect(result.checkpoints.map((c) => c.status)).toEqual(["LABEL_CREATED"]);
  });

  it("revokes tokens on command", async () => {
    const { ups } = standIns;
    expect((await control(ups.url, "POST", "revoke-tokens", {})).status).toBe(200);
    expect((await control(ups.url, "POST", "no-such-command", {})).status).toBe(404);
  });
});

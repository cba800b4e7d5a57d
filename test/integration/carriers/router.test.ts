import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrackerRouter, parseTrackerChoice } from "~/carriers/chooser";
import { createEasyPostTracker } from "~/carriers/easypost/tracker";
import { UnsupportedCarrierError } from "~/carriers/errors";
import { createUpsTracker } from "~/carriers/ups/tracker";
import { type EasyPostStandIn, startEasyPostStandIn } from "../../../sandbox/carriers/easypost";
import { startUpsStandIn, type UpsStandIn } from "../../../sandbox/carriers/ups";

let easypost: EasyPostStandIn;
let ups: UpsStandIn;
beforeAll(async () => {
  [easypost, ups] = await Promise.all([startEasyPostStandIn({ apiKeys: ["EZTK_router"] }), startUpsStandIn()]);
});
afterAll(async () => {
  await Promise.all([easypost.close(), ups.close()]);
});

describe("tracker router: per shop and carrier", () => {
  it("sends UPS parcels to UPS directly and the rest to EasyPost", async () => {
    const router = createTrackerRouter(parseTrackerChoice({ default: "easypost", byCarrier: { UPS: "ups" } }), {
      easypost: createEasyPostTracker({ baseUrl: easypost.url, credentials: { apiKey: "EZTK_router" } }),
      ups: createUpsTracker({ baseUrl: ups.url, credentials: { clientId: "ups-client", clientSecret: "ups-secret" } }),
    });
    ups.register("1Z999AA10123456784", "UPS");
    easypost.register("986578788855", "FedEx");

    const upsBefore = ups.requests.length;
    const easyBefore = easypost.requests.length;
    expect((await router.track("1Z999AA10123456784", "UPS Ground")).status).toBe("LABEL_CREATED");
    expect(ups.requests.length).toBeGreaterThan(upsBefore);
    expect(easypost.requests.length).toBe(easyBefore);

    const fedex = await router.track("986578788855", "FedEx Home Delivery");
    expect(fedex).toMatchObject({ status: "LABEL_CREATED", carrier: "FEDEX" });
    expect(easypost.requests.length).toBe(easyBefore + 1);
  });

  it("says so when the chosen provider has no credentials, or no provider is chosen", async () => {
    const noDefault = createTrackerRouter(parseTrackerChoice({ default: null, byCarrier: { UPS: "ups" } }), {});
    await expect(noDefault.track("1Z999AA10123456784", "UPS")).rejects.toThrow(/ups: is chosen but not configured/);
    await expect(noDefault.track("986578788855", "FedEx")).rejects.toThrow(UnsupportedCarrierError);
  });
});

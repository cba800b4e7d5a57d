// All carrier stand-ins at once, for the sandbox (`npm start`) and for tests that need several.
import { type EasyPostStandIn, type EasyPostStandInOptions, startEasyPostStandIn } from "./easypost";
import { type DirectCarrierStandIn, type FedExStandInOptions, startFedExStandIn } from "./fedex";
import { startUpsStandIn, type UpsStandIn, type UpsStandInOptions } from "./ups";
import { startUspsStandIn, type UspsStandInOptions } from "./usps";

export interface CarrierStandIns {
  easypost: EasyPostStandIn;
  ups: UpsStandIn;
  fedex: DirectCarrierStandIn;
  usps: DirectCarrierStandIn;
  close(): Promise<void>;
}

export async function startCarrierStandIns(
  options: { easypost?: EasyPostStandInOptions; ups?: UpsStandInOptions; fedex?: FedExStandInOptions; usps?: UspsStandInOptions } = {},
): Promise<CarrierStandIns> {
  const [easypost, ups, fedex, usps] = await Promise.all([
    startEasyPostStandIn(options.easypost),
    startUpsStandIn(options.ups),
    startFedExStandIn(options.fedex),
    startUspsStandIn(options.usps),
  ]);
  return {
    easypost,
    ups,
    fedex,
    usps,
    close: async () => {
      await Promise.all([easypost.close(), ups.close(), fedex.close(), usps.close()]);
    },
  };
}

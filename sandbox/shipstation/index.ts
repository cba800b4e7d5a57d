export { startShipStationStandIn } from "./server";
export type { Fault, RequestRecord, ShipStationStandIn, ShipStationStandInOptions } from "./server";
export type { PackageSpec } from "./store";

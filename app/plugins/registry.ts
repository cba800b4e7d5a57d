// Every fulfiller Consign knows, in one list. The admin catalog, the jobs and the API all read
// this registry: adding a fulfiller is adding its folder under app/plugins/ and one line here.
import { createRegistry, type PluginRegistry } from "./catalog";
import { manualPlugin } from "./manual";
import { partnerStorePlugin } from "./partner-store";
import type { FulfillmentPlugin } from "./port";
import { pullApiPlugin } from "./pull-api";
import { shipbobPlugin } from "./shipbob";
import { shipstationPlugin } from "./shipstation";

export const plugins: readonly FulfillmentPlugin<unknown>[] = [
  shipstationPlugin,
  shipbobPlugin,
  manualPlugin,
  pullApiPlugin,
  partnerStorePlugin,
];

export const registry: PluginRegistry = createRegistry(plugins);

export { createRegistry, credentialFields, pluginCatalog } from "./catalog";
export type { CatalogEntry, PluginRegistry } from "./catalog";

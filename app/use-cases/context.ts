// What every use case receives: the database, the clock, the plugin registry and the
// platform adapters. Tests build one over a temporary database and stand-in URLs.
import type { Db } from "~/db.server";
import type { Keyring } from "~/lib/crypto.server";
import type { Platform, PlatformKind } from "~/platforms/port";
import type { FulfillmentPlugin, PluginContext } from "~/plugins/port";
import type { Mailer } from "./notifications/mailer.server";
import type { CarrierTracking } from "./tracking/providers.server";

export interface AppContext {
  db: Db;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** plugins by kind (app/plugins/registry.ts in production) */
  plugins: ReadonlyMap<string, FulfillmentPlugin<unknown>>;
  /** the buyer platform adapter of a shop's platform */
  platform(kind: PlatformKind): Platform;
  /** fetch for plugin clients (real in production, stand-ins in tests) */
  fetch: typeof fetch;
  /** vendor base URL overrides by plugin kind (sandbox and tests) */
  pluginBaseUrls: Readonly<Record<string, string>>;
  /** our public URL */
  appUrl: string;
  /** who acts, for the timeline when none is given */
  actor?: string;
  /** credentials encryption; defaults to the keyring from process.env (app/lib/crypto.server.ts) */
  keyring?: Keyring;
  /** carrier tracking providers (trackShipments, carrier webhooks); defaults to those in process.env */
  carrierTracking?: CarrierTracking;
  /** customer notification email; defaults to SMTP_URL from process.env (null: none configured) */
  mailer?: Mailer | null;
}

export function pluginContextFor(
  ctx: AppContext,
  connection: { id: string; shopId: string; kind: string; webhookSecret: string | null },
): PluginContext {
  return {
    connectionId: connection.id,
    shopId: connection.shopId,
    fetch: ctx.fetch,
    baseUrl: ctx.pluginBaseUrls[connection.kind],
    appUrl: ctx.appUrl,
    webhookSecret: connection.webhookSecret,
    sleep: ctx.sleep,
    now: ctx.now,
  };
}

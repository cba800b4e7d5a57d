// Registry building blocks: a map of plugins by kind, the admin catalog (what a merchant may
// pick and the form to fill; never credentials), and form fields derived from a zod schema.
import type { z } from "zod";
import type { CredentialField, FulfillmentPlugin, PluginMode } from "./port";

export type PluginRegistry = ReadonlyMap<string, FulfillmentPlugin<unknown>>;

const KIND_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

/** A map of plugins by kind; refuses duplicate or malformed kinds (a registry mistake, found at start-up). */
export function createRegistry(plugins: readonly FulfillmentPlugin<unknown>[]): PluginRegistry {
  const map = new Map<string, FulfillmentPlugin<unknown>>();
  for (const plugin of plugins) {
    if (!KIND_PATTERN.test(plugin.kind)) {
      throw new Error(`Plugin kind "${plugin.kind}" must be lowercase letters, digits and "-" (2-40 characters)`);
    }
    if (map.has(plugin.kind)) throw new Error(`Plugin kind "${plugin.kind}" is registered twice`);
    map.set(plugin.kind, plugin);
  }
  return map;
}

export interface CatalogEntry {
  kind: string;
  title: string;
  description: string;
  logo: string;
  mode: PluginMode;
  fields: CredentialField[];
}

/** What the admin shows when a merchant adds a fulfiller: plain data, no schemas, no secrets. */
export function pluginCatalog(registry: PluginRegistry): CatalogEntry[] {
  return [...registry.values()].map((p) => ({
    kind: p.kind,
    title: p.title,
    description: p.description,
    logo: p.logo,
    mode: p.mode,
    fields: p.fields.map((f) => ({ ...f })),
  }));
}

const SECRET_NAME = /secret|password|token|key/i;

function metaOf(schema: z.ZodType): Record<string, unknown> {
  const meta = schema.meta();
  return meta && typeof meta === "object" ? (meta as Record<string, unknown>) : {};
}

/**
 * Form fields from a credentials schema, in key order. The label is the field's `.describe()`
 * text (else its name); `.meta({ secret, helpText })` overrides the guess that names containing
 * key/secret/token/password are secret.
 */
export function credentialFields(schema: z.ZodObject): CredentialField[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const meta = metaOf(field as z.ZodType);
    const description = (field as z.ZodType).description;
    const entry: CredentialField = {
      name,
      label: typeof description === "string" && description ? description : name,
      secret: typeof meta.secret === "boolean" ? meta.secret : SECRET_NAME.test(name),
    };
    if (typeof meta.helpText === "string") entry.helpText = meta.helpText;
    return entry;
  });
}

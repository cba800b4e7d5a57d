// The process environment, parsed once with zod. Every variable the Shopify and BigCommerce sides
// read is here.
//
// Sandbox mode: no Shopify credentials set (neither SHOPIFY_API_KEY nor SHOPIFY_API_SECRET), or
// CONSIGN_SANDBOX=1. Then the app runs against the local stand-ins with dummy, non-empty
// credentials (empty strings crash shopifyApp at import, notes/stack.md §4) and the admin opens
// without a Shopify login. Outside sandbox mode a missing credential fails at start, naming it.
import { z } from "zod";

/** Access scopes the flows need; shopify.app.toml declares the same list. */
export const DEFAULT_SCOPES = [
  "read_orders",
  // partner stores (issue 8): a seller's store takes partner orders by orderCreate and cancels them by orderCancel
  "write_orders",
  "read_products",
  "read_fulfillments",
  "write_merchant_managed_fulfillment_orders",
  "write_third_party_fulfillment_orders",
] as const;

/** Dummy values for sandbox mode; the Shopify stand-in signs its webhooks with this secret. */
export const SANDBOX_API_KEY = "consign-sandbox-api-key";
export const SANDBOX_API_SECRET = "consign-sandbox-api-secret";
export const SANDBOX_SHOP = "consign-demo.myshopify.com";

/** BigCommerce single-click app: defaults of its endpoints and the sandbox's dummy credentials. */
export const BIGCOMMERCE_LOGIN_URL = "https://login.bigcommerce.com";
export const BIGCOMMERCE_API_URL = "https://api.bigcommerce.com";
export const SANDBOX_BC_CLIENT_ID = "consign-sandbox-bc-client-id";
export const SANDBOX_BC_CLIENT_SECRET = "consign-sandbox-bc-client-secret";
export const SANDBOX_BC_STORE = "consigndemo";

/** The environment is missing a variable or holds a malformed one. The message names each. */
export class EnvError extends Error {
  override name = "EnvError";
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid environment:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const optionalUrl = optionalText.pipe(z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional());

const flag = optionalText.pipe(
  z
    .enum(["1", "0", "true", "false", "yes", "no"], { message: "must be 1 or 0" })
    .transform((v) => v === "1" || v === "true" || v === "yes")
    .optional(),
);

const shopDomain = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a <name>.myshopify.com domain");

const rawSchema = z.object({
  SHOPIFY_API_KEY: optionalText,
  SHOPIFY_API_SECRET: optionalText,
  SHOPIFY_APP_URL: optionalUrl,
  SCOPES: optionalText,
  DATABASE_URL: optionalText,
  CONSIGN_ENCRYPTION_KEY: optionalText,
  CONSIGN_SANDBOX: flag,
  CONSIGN_SANDBOX_SHOP: optionalText.pipe(shopDomain.optional()),
  /** replaces https://{shop} for Admin API and OAuth token calls (stand-ins); may contain {shop} */
  SHOPIFY_ADMIN_BASE_URL: optionalUrl,
  /** fulfiller stand-ins: "shipstation=http://127.0.0.1:4101,shipbob=http://127.0.0.1:4102" */
  CONSIGN_PLUGIN_BASE_URLS: optionalText.pipe(
    z
      .string()
      .transform((value) => value.split(",").map((pair) => pair.trim()).filter(Boolean))
      .pipe(
        z.array(
          z
            .string()
            .regex(/^[a-z][a-z0-9-]*=https?:\/\/\S+$/, "must be a comma-separated list of kind=http(s)://url")
            .transform((pair) => {
              const at = pair.indexOf("=");
              return [pair.slice(0, at), pair.slice(at + 1).replace(/\/+$/, "")] as const;
            }),
        ),
      )
      .transform((pairs) => Object.fromEntries(pairs))
      .optional(),
  ),
  PORT: optionalText.pipe(z.string().regex(/^\d+$/, "must be a port number").transform(Number).optional()),
  // BigCommerce (notes/bigcommerce.md §1): app credentials, login and API bases (stand-ins), the
  // public URL of the callbacks and webhooks, and the key of the iframe session token.
  BIGCOMMERCE_CLIENT_ID: optionalText,
  BIGCOMMERCE_CLIENT_SECRET: optionalText,
  BIGCOMMERCE_LOGIN_URL: optionalUrl,
  BIGCOMMERCE_API_URL: optionalUrl,
  /** defaults to SHOPIFY_APP_URL: the origin BigCommerce calls back and delivers webhooks to */
  BIGCOMMERCE_APP_URL: optionalUrl,
  /** signs the BigCommerce admin's session token; derived from the client secret when unset */
  CONSIGN_SESSION_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /** sandbox mode: the demo store's hash, and its access token at the stand-in */
  BIGCOMMERCE_SANDBOX_STORE: optionalText.pipe(
    z.string().regex(/^[a-z0-9]+$/, "must be a store hash (lowercase letters and digits)").optional(),
  ),
  BIGCOMMERCE_SANDBOX_ACCESS_TOKEN: optionalText,
});

export interface Env {
  sandbox: boolean;
  shopify: {
    apiKey: string;
    apiSecret: string;
    appUrl: string;
    scopes: string[];
    /** base URL replacing https://{shop} (stand-in), or null for the real Shopify */
    adminBaseUrl: string | null;
  };
  databaseUrl: string;
  /** base URL overrides of fulfiller APIs by plugin kind (stand-ins) */
  pluginBaseUrls: Readonly<Record<string, string>>;
  /** null only in sandbox mode when none is set (the sandbox start script generates one) */
  encryptionKey: string | null;
  /** the demo shop of sandbox mode */
  sandboxShop: string;
  bigcommerce: BigCommerceEnv;
}

export interface BigCommerceEnv {
  /**
   * live: credentials set, callbacks and the admin need BigCommerce's signed tokens.
   * sandbox: CONSIGN_SANDBOX=1, or no credentials of either platform; the admin opens on a demo
   * store without login. off: Shopify is configured and BigCommerce is not; /bc answers 404.
   */
  mode: "live" | "sandbox" | "off";
  clientId: string;
  clientSecret: string;
  loginUrl: string;
  apiUrl: string;
  appUrl: string;
  /** the secret of the admin's session token (CONSIGN_SESSION_SECRET, or derived later from the client secret) */
  sessionSecret: string | null;
  sandboxStore: string;
  sandboxAccessToken: string | null;
}

/** Parses an environment (process.env or a plain object). Throws EnvError naming each problem. */
export function parseEnv(source: Readonly<Record<string, string | undefined>>): Env {
  const parsed = rawSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "?"), message: issue.message })),
    );
  }
  const raw = parsed.data;
  const hasCredentials = raw.SHOPIFY_API_KEY !== undefined || raw.SHOPIFY_API_SECRET !== undefined;
  const sandbox = raw.CONSIGN_SANDBOX ?? !hasCredentials;

  if (!sandbox) {
    const required = ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "CONSIGN_ENCRYPTION_KEY"] as const;
    const missing = required.filter((name) => raw[name] === undefined);
    if (missing.length > 0) {
      throw new EnvError(
        missing.map((variable) => ({
          variable,
          message: "is required outside sandbox mode (unset all Shopify credentials, or set CONSIGN_SANDBOX=1, for the sandbox)",
        })),
      );
    }
  }

  const scopes = (raw.SCOPES?.split(",") ?? [...DEFAULT_SCOPES]).map((s) => s.trim()).filter(Boolean);
  const bigcommerce = parseBigCommerceEnv(raw, sandbox, hasCredentials);
  return {
    sandbox,
    shopify: {
      apiKey: raw.SHOPIFY_API_KEY ?? SANDBOX_API_KEY,
      apiSecret: raw.SHOPIFY_API_SECRET ?? SANDBOX_API_SECRET,
      appUrl: raw.SHOPIFY_APP_URL ?? `http://localhost:${raw.PORT ?? 3000}`,
      scopes,
      adminBaseUrl: raw.SHOPIFY_ADMIN_BASE_URL?.replace(/\/+$/, "") ?? null,
    },
    databaseUrl: raw.DATABASE_URL ?? "file:./dev.sqlite",
    pluginBaseUrls: raw.CONSIGN_PLUGIN_BASE_URLS ?? {},
    encryptionKey: raw.CONSIGN_ENCRYPTION_KEY ?? null,
    sandboxShop: raw.CONSIGN_SANDBOX_SHOP ?? SANDBOX_SHOP,
    bigcommerce,
  };
}

function parseBigCommerceEnv(raw: z.output<typeof rawSchema>, sandbox: boolean, hasShopifyCredentials: boolean): BigCommerceEnv {
  const hasCredentials = raw.BIGCOMMERCE_CLIENT_ID !== undefined || raw.BIGCOMMERCE_CLIENT_SECRET !== undefined;
  const mode: BigCommerceEnv["mode"] =
    raw.CONSIGN_SANDBOX === true ? "sandbox" : hasCredentials ? "live" : sandbox && !hasShopifyCredentials ? "sandbox" : "off";
  const appUrl = raw.BIGCOMMERCE_APP_URL ?? raw.SHOPIFY_APP_URL;
  if (mode === "live") {
    const missing: { variable: string; message: string }[] = [];
    for (const variable of ["BIGCOMMERCE_CLIENT_ID", "BIGCOMMERCE_CLIENT_SECRET", "CONSIGN_ENCRYPTION_KEY"] as const) {
      if (raw[variable] === undefined) missing.push({ variable, message: "is required when BigCommerce credentials are set" });
    }
    if (appUrl === undefined) {
      missing.push({ variable: "BIGCOMMERCE_APP_URL", message: "is required when BigCommerce credentials are set (or set SHOPIFY_APP_URL)" });
    }
    if (missing.length > 0) throw new EnvError(missing);
  }
  return {
    mode,
    clientId: raw.BIGCOMMERCE_CLIENT_ID ?? SANDBOX_BC_CLIENT_ID,
    clientSecret: raw.BIGCOMMERCE_CLIENT_SECRET ?? SANDBOX_BC_CLIENT_SECRET,
    loginUrl: (raw.BIGCOMMERCE_LOGIN_URL ?? BIGCOMMERCE_LOGIN_URL).replace(/\/+$/, ""),
    apiUrl: (raw.BIGCOMMERCE_API_URL ?? BIGCOMMERCE_API_URL).replace(/\/+$/, ""),
    appUrl: (appUrl ?? `http://localhost:${raw.PORT ?? 3000}`).replace(/\/+$/, ""),
    sessionSecret: raw.CONSIGN_SESSION_SECRET ?? null,
    sandboxStore: raw.BIGCOMMERCE_SANDBOX_STORE ?? SANDBOX_BC_STORE,
    sandboxAccessToken: raw.BIGCOMMERCE_SANDBOX_ACCESS_TOKEN ?? null,
  };
}

let cached: Env | undefined;

/** The process's environment, parsed on first use (at import of shopify.server.ts, i.e. at start). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

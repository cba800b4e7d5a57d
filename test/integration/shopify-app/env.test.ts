// The environment: sandbox mode when no Shopify credentials are set (or CONSIGN_SANDBOX=1);
// otherwise every missing credential is named at start.
import { describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, EnvError, parseEnv, SANDBOX_API_SECRET } from "~/lib/env.server";

const production = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://consign.example.com",
  CONSIGN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("is in sandbox mode with no Shopify credentials, with non-empty dummy values", () => {
    const env = parseEnv({});
    expect(env.sandbox).toBe(true);
    expect(env.shopify.apiKey).not.toBe("");
    expect(env.shopify.apiSecret).toBe(SANDBOX_API_SECRET);
    expect(env.shopify.appUrl).toBe("http://localhost:3000");
    expect(env.shopify.scopes).toEqual([...DEFAULT_SCOPES]);
    expect(env.encryptionKey).toBeNull();
    expect(parseEnv({ PORT: "3100" }).shopify.appUrl).toBe("http://localhost:3100");
  });

  it("reads a full production environment", () => {
    const env = parseEnv({ ...production, SCOPES: "read_orders, read_products", DATABASE_URL: "file:./prod.sqlite" });
    expect(env.sandbox).toBe(false);
    expect(env.shopify).toMatchObject({ apiKey: "key", apiSecret: "secret", appUrl: "https://consign.example.com" });
    expect(env.shopify.scopes).toEqual(["read_orders", "read_products"]);
    expect(env.databaseUrl).toBe("file:./prod.sqlite");
    expect(env.shopify.adminBaseUrl).toBeNull();
  });

  it("names every missing credential outside sandbox mode", () => {
    expect(problems({ SHOPIFY_API_KEY: "key" })).toEqual(["SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "CONSIGN_ENCRYPTION_KEY"]);
    expect(problems({ ...production, SHOPIFY_API_SECRET: "  " })).toEqual(["SHOPIFY_API_SECRET"]);
    expect(problems({ ...production, CONSIGN_ENCRYPTION_KEY: undefined })).toEqual(["CONSIGN_ENCRYPTION_KEY"]);
    // CONSIGN_SANDBOX=0 with nothing set is a production start with nothing configured
    expect(problems({ CONSIGN_SANDBOX: "0" })).toEqual([
      "SHOPIFY_API_KEY",
      "SHOPIFY_API_SECRET",
      "SHOPIFY_APP_URL",
      "CONSIGN_ENCRYPTION_KEY",
    ]);
    expect(() => parseEnv({ SHOPIFY_API_KEY: "key" })).toThrow(/SHOPIFY_API_SECRET: is required outside sandbox mode/);
  });

  it("forces sandbox mode with CONSIGN_SANDBOX=1, keeping credentials that are set", () => {
    const env = parseEnv({ SHOPIFY_API_KEY: "key", CONSIGN_SANDBOX: "1" });
    expect(env.sandbox).toBe(true);
    expect(env.shopify.apiKey).toBe("key");
  });

  it("names malformed values", () => {
    expect(problems({ ...production, SHOPIFY_APP_URL: "consign.example.com" })).toEqual(["SHOPIFY_APP_URL"]);
    expect(problems({ CONSIGN_SANDBOX: "maybe" })).toEqual(["CONSIGN_SANDBOX"]);
    expect(problems({ CONSIGN_SANDBOX_SHOP: "demo.example.com" })).toEqual(["CONSIGN_SANDBOX_SHOP"]);
    expect(problems({ SHOPIFY_ADMIN_BASE_URL: "ftp://x" })).toEqual(["SHOPIFY_ADMIN_BASE_URL"]);
    expect(problems({ CONSIGN_PLUGIN_BASE_URLS: "shipstation" })).toEqual(["CONSIGN_PLUGIN_BASE_URLS"]);
  });

  it("reads the stand-in base URLs", () => {
    const env = parseEnv({
      SHOPIFY_ADMIN_BASE_URL: "http://127.0.0.1:4100/shops/{shop}/",
      CONSIGN_PLUGIN_BASE_URLS: "shipstation=http://127.0.0.1:4101/, shipbob=http://127.0.0.1:4102",
    });
    expect(env.shopify.adminBaseUrl).toBe("http://127.0.0.1:4100/shops/{shop}");
    expect(env.pluginBaseUrls).toEqual({ shipstation: "http://127.0.0.1:4101", shipbob: "http://127.0.0.1:4102" });
  });
});

describe("at start", () => {
  it("loading the Shopify app with a credential missing fails, naming it", async () => {
    Object.assign(process.env, { SHOPIFY_API_KEY: "key", CONSIGN_SANDBOX: "" });
    delete process.env.SHOPIFY_API_SECRET;
    await expect(import("~/shopify.server")).rejects.toThrow(/SHOPIFY_API_SECRET: is required outside sandbox mode/);
  });
});

// The BigCommerce part of the environment: live with credentials (every missing one named),
// sandbox with no credentials of either platform or CONSIGN_SANDBOX=1, off when only Shopify is
// configured; endpoints and app URL overridable for the stand-ins.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/lib/env.server";

const shopify = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://consign.example.com",
  CONSIGN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
};
const bigcommerce = { BIGCOMMERCE_CLIENT_ID: "bc-id", BIGCOMMERCE_CLIENT_SECRET: "bc-secret" };

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe("BigCommerce environment", () => {
  it("is live with credentials, on BigCommerce's endpoints and the app's URL", () => {
    const env = parseEnv({ ...shopify, ...bigcommerce });
    expect(env.bigcommerce).toMatchObject({
      mode: "live",
      clientId: "bc-id",
      clientSecret: "bc-secret",
      loginUrl: "https://login.bigcommerce.com",
      apiUrl: "https://api.bigcommerce.com",
      appUrl: "https://consign.example.com",
      sessionSecret: null,
    });
  });

  it("takes the stand-ins' endpoints, its own app URL and a session secret", () => {
    const env = parseEnv({
      ...shopify,
      ...bigcommerce,
      BIGCOMMERCE_LOGIN_URL: "http://127.0.0.1:4200/",
      BIGCOMMERCE_API_URL: "http://127.0.0.1:4200",
      BIGCOMMERCE_APP_URL: "https://bc.consign.example.com/",
      CONSIGN_SESSION_SECRET: "s".repeat(32),
    });
    expect(env.bigcommerce).toMatchObject({
      loginUrl: "http://127.0.0.1:4200",
      apiUrl: "http://127.0.0.1:4200",
      appUrl: "https://bc.consign.example.com",
      sessionSecret: "s".repeat(32),
    });
  });

  it("names each missing or malformed variable", () => {
    expect(problems({ ...shopify, BIGCOMMERCE_CLIENT_ID: "bc-id" })).toEqual(["BIGCOMMERCE_CLIENT_SECRET"]);
    // BigCommerce alone: Shopify stays in its sandbox, BigCommerce needs its URL and the key
    expect(problems(bigcommerce)).toEqual(["CONSIGN_ENCRYPTION_KEY", "BIGCOMMERCE_APP_URL"]);
    expect(problems({ ...shopify, ...bigcommerce, BIGCOMMERCE_LOGIN_URL: "login.bigcommerce.com" })).toEqual(["BIGCOMMERCE_LOGIN_URL"]);
    expect(problems({ ...shopify, ...bigcommerce, CONSIGN_SESSION_SECRET: "short" })).toEqual(["CONSIGN_SESSION_SECRET"]);
    expect(problems({ BIGCOMMERCE_SANDBOX_STORE: "Not A Hash" })).toEqual(["BIGCOMMERCE_SANDBOX_STORE"]);
  });

  it("is in sandbox mode with no credentials at all, or with CONSIGN_SANDBOX=1", () => {
    expect(parseEnv({}).bigcommerce).toMatchObject({ mode: "sandbox", sandboxStore: "consigndemo", sandboxAccessToken: null });
    expect(parseEnv({ ...bigcommerce, CONSIGN_SANDBOX: "1" }).bigcommerce).toMatchObject({ mode: "sandbox", clientId: "bc-id" });
    expect(parseEnv({ BIGCOMMERCE_SANDBOX_STORE: "demo42", BIGCOMMERCE_SANDBOX_ACCESS_TOKEN: "tok" }).bigcommerce).toMatchObject({
      sandboxStore: "demo42",
      sandboxAccessToken: "tok",
    });
  });

  it("is off when only Shopify is configured", () => {
    expect(parseEnv(shopify).bigcommerce.mode).toBe("off");
  });
});

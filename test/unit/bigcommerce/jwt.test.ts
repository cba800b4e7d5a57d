import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signAppSession, verifyAppSession, verifySignedPayload } from "~/lib/bc-jwt.server";

const clientId = "consign-client-id";
const clientSecret = "consign-client-secret";
const key = (s: string) => new TextEncoder().encode(s);

async function bcToken(overrides: Record<string, unknown> = {}, secret = clientSecret, expSeconds = 3600) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: clientId,
    iss: "bc",
    sub: "stores/abc123",
    user: { id: 9876543, email: "staff@example.com", locale: "en-US" },
    owner: { id: 7654321, email: "owner@example.com" },
    url: "/orders",
    channel_id: null,
    iat: now,
    nbf: now - 5,
    exp: now + expSeconds,
    jti: "c5f0bcf5",
    ...overrides,
  };
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(key(secret));
}

describe("BigCommerce signed_payload_jwt", () => {
  it("accepts a token signed with the client secret and returns the store, user and deep link", async () => {
    const result = await verifySignedPayload(await bcToken(), { clientId, clientSecret });
    expect(result).toEqual({
      ok: true,
      value: {
        storeHash: "abc123",
        user: { id: "9876543", email: "staff@example.com" },
        owner: { id: "7654321", email: "owner@example.com" },
        url: "/orders",
        channelId: null,
      },
    });
  });

  it.each([
    ["forged (another secret)", () => bcToken({}, "not-the-secret"), /signature/],
    ["expired", () => bcToken({ iat: 1, nbf: 1, exp: 100 }), /expired/],
    ["for another app", () => bcToken({ aud: "someone-else" }), /aud/],
    ["from another issuer", () => bcToken({ iss: "evil" }), /iss/],
    ["with a malformed subject", () => bcToken({ sub: "users/1" }), /sub/],
  ])("refuses a token %s", async (_name, make, reason) => {
    const result = await verifySignedPayload(await make(), { clientId, clientSecret });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("refuses an unsigned (alg none) token and a missing one", async () => {
    const unsigned = new UnsecuredJWT({ aud: clientId, iss: "bc", sub: "stores/abc123" }).setExpirationTime("1h").encode();
    expect((await verifySignedPayload(unsigned, { clientId, clientSecret })).ok).toBe(false);
    expect(await verifySignedPayload(null, { clientId, clientSecret })).toEqual({ ok: false, reason: "signed_payload_jwt is missing" });
  });
});

describe("the BigCommerce iframe session token", () => {
  it("round-trips the store and user, and expires", async () => {
    const t0 = new Date("2026-11-21T10:00:00Z");
    const token = await signAppSession({ storeHash: "abc123", userId: "42" }, "session-secret", 600, t0);
    expect(await verifyAppSession(token, "session-secret", new Date("2026-11-21T10:05:00Z"))).toEqual({
      ok: true,
      value: { storeHash: "abc123", userId: "42" },
    });
    const late = await verifyAppSession(token, "session-secret", new Date("2026-11-21T10:11:00Z"));
    expect(late.ok).toBe(false);
    expect((await verifyAppSession(token, "other-secret", new Date("2026-11-21T10:05:00Z"))).ok).toBe(false);
  });

  it("is not accepted where a BigCommerce payload is expected, nor the reverse", async () => {
    const session = await signAppSession({ storeHash: "abc123", userId: "42" }, clientSecret);
    expect((await verifySignedPayload(session, { clientId, clientSecret })).ok).toBe(false);
    expect((await verifyAppSession(await bcToken(), clientSecret)).ok).toBe(false);
  });
});

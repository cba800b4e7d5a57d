import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, DecryptionError, EncryptionConfigError } from "~/lib/crypto.server";

const key = () => randomBytes(32).toString("base64");

describe("createKeyring", () => {
  it("encrypts with AES-256-GCM into an envelope that names its key and hides the text", () => {
    const keyring = createKeyring({ CONSIGN_ENCRYPTION_KEY: key() });
    const secret = "ss-api-secret-1234567890";
    const a = keyring.encrypt(secret);
    const b = keyring.encrypt(secret);
    expect(a).not.toContain(secret);
    expect(a).not.toBe(b); // a fresh IV per message
    expect(a.split(".")).toHaveLength(5);
    expect(keyring.kidOf(a)).toBe(keyring.currentKid);
    expect(keyring.decrypt(a)).toBe(secret);
    expect(keyring.decrypt(b)).toBe(secret);
  });

  it("names the variable when the key is missing or malformed", () => {
    expect(() => createKeyring({})).toThrow(EncryptionConfigError);
    expect(() => createKeyring({})).toThrow(/CONSIGN_ENCRYPTION_KEY is not set/);
    expect(() => createKeyring({ CONSIGN_ENCRYPTION_KEY: randomBytes(16).toString("base64") })).toThrow(
      /CONSIGN_ENCRYPTION_KEY must decode to 32 bytes .*16/,
    );
    expect(() => createKeyring({ CONSIGN_ENCRYPTION_KEY: "not base64 at all!" })).toThrow(
      /CONSIGN_ENCRYPTION_KEY is not valid base64/,
    );
    expect(() => createKeyring({ CONSIGN_ENCRYPTION_KEY: key(), CONSIGN_ENCRYPTION_KEYS: `old:${key()},bad:abc` })).toThrow(
      /CONSIGN_ENCRYPTION_KEYS entry 2 must decode to 32 bytes/,
    );
    expect(() => createKeyring({ CONSIGN_ENCRYPTION_KEY: `a:${key()}`, CONSIGN_ENCRYPTION_KEYS: `a:${key()}` })).toThrow(
      /key id "a" is already used/,
    );
  });

  it("keeps old envelopes readable after a rotation and seals new ones with the new key", () => {
    const oldKey = key();
    const before = createKeyring({ CONSIGN_ENCRYPTION_KEY: oldKey });
    const sealed = before.encrypt("old secret", "shop:1");

    const after = createKeyring({ CONSIGN_ENCRYPTION_KEY: key(), CONSIGN_ENCRYPTION_KEYS: oldKey });
    expect(after.currentKid).not.toBe(before.currentKid);
    expect(after.kids).toContain(before.currentKid);
    expect(after.decrypt(sealed, "shop:1")).toBe("old secret");
    expect(after.needsRotation(sealed)).toBe(true);
    const resealed = after.rotate(sealed, "shop:1");
    expect(after.kidOf(resealed)).toBe(after.currentKid);
    expect(after.decrypt(resealed, "shop:1")).toBe("old secret");
    expect(after.needsRotation(after.encrypt("new"))).toBe(false);
  });

  it("accepts explicit key ids in both variables", () => {
    const oldKey = key();
    const v1 = createKeyring({ CONSIGN_ENCRYPTION_KEY: `2025q1:${oldKey}` });
    expect(v1.currentKid).toBe("2025q1");
    const sealed = v1.encrypt("x");
    const v2 = createKeyring({ CONSIGN_ENCRYPTION_KEY: `2025q2:${key()}`, CONSIGN_ENCRYPTION_KEYS: ` 2025q1:${oldKey} ` });
    expect(v2.decrypt(sealed)).toBe("x");
    // A key first used without an id and later listed with one still opens its envelopes.
    const unnamed = createKeyring({ CONSIGN_ENCRYPTION_KEY: oldKey }).encrypt("y");
    expect(v2.decrypt(unnamed)).toBe("y");
  });

  it("refuses an unknown key, a tampered envelope and a different context", () => {
    const keyring = createKeyring({ CONSIGN_ENCRYPTION_KEY: key() });
    const other = createKeyring({ CONSIGN_ENCRYPTION_KEY: key() });
    const sealed = keyring.encrypt("payload", "shop:1");
    expect(() => other.decrypt(sealed, "shop:1")).toThrow(/neither CONSIGN_ENCRYPTION_KEY nor CONSIGN_ENCRYPTION_KEYS/);
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3], "base64url");
    flipped[0] ^= 1;
    parts[3] = flipped.toString("base64url");
    expect(() => keyring.decrypt(parts.join("."), "shop:1")).toThrow(DecryptionError);
    expect(() => keyring.decrypt(sealed, "shop:2")).toThrow(/integrity check/);
    expect(() => keyring.decrypt("plain text")).toThrow(/Not an encrypted value/);
  });
});

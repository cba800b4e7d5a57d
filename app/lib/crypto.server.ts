// Encryption at rest for plugin credentials and stored tokens: AES-256-GCM (node:crypto) with a
// key id in every envelope, so keys can be rotated without re-encrypting everything at once.
//
//   CONSIGN_ENCRYPTION_KEY   the current key: base64 of 32 bytes, optionally "kid:base64"
//   CONSIGN_ENCRYPTION_KEYS  older keys still accepted for decryption: "kid:base64,kid2:base64"
//
// A key given without a kid gets one derived from it ("k" + 10 hex of its SHA-256), so moving
// the old value of CONSIGN_ENCRYPTION_KEY into CONSIGN_ENCRYPTION_KEYS is all a rotation needs;
// every key also opens envelopes that name its derived id.
// Envelope: "v1.<kid>.<iv>.<ciphertext>.<tag>", each part base64url; 96-bit random IV per message.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";
const KID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;
const GENERATE_HINT = "Generate one with: openssl rand -base64 32";

/** The encryption environment is missing or malformed. The message names the variable. */
export class EncryptionConfigError extends Error {
  override name = "EncryptionConfigError";
}

/** An envelope could not be opened: unknown key id, tampered or truncated data, wrong context. */
export class DecryptionError extends Error {
  override name = "DecryptionError";
}

/** process.env or a plain object; only CONSIGN_ENCRYPTION_KEY and CONSIGN_ENCRYPTION_KEYS are read */
export type EncryptionEnv = { readonly [name: string]: string | undefined };

export interface Keyring {
  /** the key id new envelopes carry */
  readonly currentKid: string;
  /** every key id this keyring can open */
  readonly kids: readonly string[];
  /** `context` (associated data, e.g. "shop:<id>") must be given again to decrypt */
  encrypt(plaintext: string, context?: string): string;
  decrypt(envelope: string, context?: string): string;
  /** the key id an envelope names */
  kidOf(envelope: string): string;
  /** the envelope was sealed with an older key */
  needsRotation(envelope: string): boolean;
  /** re-seals an envelope with the current key (unchanged if it already uses it) */
  rotate(envelope: string, context?: string): string;
}

function deriveKid(key: Buffer): string {
  return `k${createHash("sha256").update(key).digest("hex").slice(0, 10)}`;
}

function parseKey(raw: string, where: string): { kid: string; derivedKid: string; key: Buffer } {
  const value = raw.trim();
  const colon = value.indexOf(":");
  const kid = colon >= 0 ? value.slice(0, colon).trim() : null;
  const encoded = colon >= 0 ? value.slice(colon + 1).trim() : value;
  if (kid !== null && !KID_PATTERN.test(kid)) {
    throw new EncryptionConfigError(
      `${where}: the key id must be 1-40 letters, digits, "_" or "-" (format "kid:base64" or just "base64").`,
    );
  }
  if (!BASE64_PATTERN.test(encoded)) {
    throw new EncryptionConfigError(`${where} is not valid base64. ${GENERATE_HINT}`);
  }
  const key = Buffer.from(encoded.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (key.length !== 32) {
    throw new EncryptionConfigError(
      `${where} must decode to 32 bytes for AES-256-GCM (it decodes to ${key.length}). ${GENERATE_HINT}`,
    );
  }
  const derivedKid = deriveKid(key);
  return { kid: kid ?? derivedKid, derivedKid, key };
}

/** Builds a keyring from the given environment (pass process.env, or a plain object in tests). */
export function createKeyring(env: EncryptionEnv): Keyring {
  const currentRaw = env.CONSIGN_ENCRYPTION_KEY?.trim();
  if (!currentRaw) {
    throw new EncryptionConfigError(
      `CONSIGN_ENCRYPTION_KEY is not set: it holds the key that encrypts fulfiller credentials (base64 of 32 bytes). ${GENERATE_HINT}`,
    );
  }
  const current = parseKey(currentRaw, "CONSIGN_ENCRYPTION_KEY");
  // Every key also answers to its derived id, so an envelope sealed before a key was given an
  // explicit id (or after it lost one) still opens.
  const keys = new Map<string, Buffer>([
    [current.kid, current.key],
    [current.derivedKid, current.key],
  ]);
  const entries = (env.CONSIGN_ENCRYPTION_KEYS ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const { kid, derivedKid, key } = parseKey(entry, `CONSIGN_ENCRYPTION_KEYS entry ${index + 1}`);
    const known = keys.get(kid);
    if (known && !known.equals(key)) {
      throw new EncryptionConfigError(
        `CONSIGN_ENCRYPTION_KEYS entry ${index + 1}: key id "${kid}" is already used by a different key.`,
      );
    }
    keys.set(kid, key);
    keys.set(derivedKid, key);
  });

  function split(envelope: string): { kid: string; iv: Buffer; data: Buffer; tag: Buffer } {
    const parts = envelope.split(".");
    if (parts.length !== 5 || parts[0] !== VERSION) {
      throw new DecryptionError("Not an encrypted value (expected a v1 envelope).");
    }
    const [, kid, iv, data, tag] = parts;
    return {
      kid,
      iv: Buffer.from(iv, "base64url"),
      data: Buffer.from(data, "base64url"),
      tag: Buffer.from(tag, "base64url"),
    };
  }

  const keyring: Keyring = {
    currentKid: current.kid,
    kids: [...keys.keys()],
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv);
      if (context !== undefined) cipher.setAAD(Buffer.from(context, "utf8"));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, current.kid, iv.toString("base64url"), data.toString("base64url"), tag.toString("base64url")].join(
        ".",
      );
    },
    decrypt(envelope, context) {
      const { kid, iv, data, tag } = split(envelope);
      const key = keys.get(kid);
      if (!key) {
        throw new DecryptionError(
          `This value was encrypted with key "${kid}", which is in neither CONSIGN_ENCRYPTION_KEY nor CONSIGN_ENCRYPTION_KEYS.`,
        );
      }
      if (iv.length !== 12 || tag.length !== 16) throw new DecryptionError("The encrypted value is truncated.");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv);
        decipher.setAuthTag(tag);
        if (context !== undefined) decipher.setAAD(Buffer.from(context, "utf8"));
        return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
      } catch {
        throw new DecryptionError(`The encrypted value (key "${kid}") failed its integrity check.`);
      }
    },
    kidOf(envelope) {
      return split(envelope).kid;
    },
    needsRotation(envelope) {
      return split(envelope).kid !== current.kid;
    },
    rotate(envelope, context) {
      if (!keyring.needsRotation(envelope)) return envelope;
      return keyring.encrypt(keyring.decrypt(envelope, context), context);
    },
  };
  return keyring;
}

let processKeyring: Keyring | undefined;

/** The process-wide keyring, from process.env, built on first use. */
export function defaultKeyring(): Keyring {
  processKeyring ??= createKeyring(process.env);
  return processKeyring;
}

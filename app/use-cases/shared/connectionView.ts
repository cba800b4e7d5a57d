// A connection as the admin sees it: never a credential, only its last characters.
import type { Connection } from "@prisma/client";
import type { FulfillmentPlugin } from "~/plugins/port";
import type { AppContext } from "../context";
import { openCredentials } from "./credentials";

export interface MaskedCredential {
  name: string;
  label: string;
  secret: boolean;
  /** "••••" plus the last 4 characters when the value is long enough to keep them, else "••••" */
  masked: string;
}

export interface ConnectionView {
  id: string;
  kind: string;
  title: string;
  mode: string;
  active: boolean;
  isDefault: boolean;
  createdAt: string;
  deactivatedAt: string | null;
  lastSyncAt: string | null;
  credentials: MaskedCredential[];
  /** set when the stored credentials cannot be opened (e.g. a key missing from the keyring) */
  credentialsError: string | null;
}

const MIN_LENGTH_TO_SHOW_TAIL = 12;

export function mask(value: unknown): string {
  const text = typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
  if (!text) return "";
  return text.length >= MIN_LENGTH_TO_SHOW_TAIL ? `••••${text.slice(-4)}` : "••••";
}

export function connectionView(
  ctx: AppContext,
  connection: Connection,
  plugin: FulfillmentPlugin<unknown> | undefined,
  defaultConnectionId: string | null,
): ConnectionView {
  let credentials: MaskedCredential[] = [];
  let credentialsError: string | null = null;
  try {
    const values = openCredentials(ctx, connection);
    const record = values && typeof values === "object" ? (values as Record<string, unknown>) : {};
    credentials = (plugin?.fields ?? []).map((f) => ({
      name: f.name,
      label: f.label,
      secret: f.secret,
      masked: mask(record[f.name]),
    }));
  } catch (error) {
    credentialsError = error instanceof Error ? error.message : String(error);
  }
  return {
    id: connection.id,
    kind: connection.kind,
    title: connection.title,
    mode: connection.mode,
    active: connection.active,
    isDefault: connection.id === defaultConnectionId,
    createdAt: connection.createdAt.toISOString(),
    deactivatedAt: connection.deactivatedAt?.toISOString() ?? null,
    lastSyncAt: connection.lastSyncAt?.toISOString() ?? null,
    credentials,
    credentialsError,
  };
}

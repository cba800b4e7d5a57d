// Keyset pages over (createdAt, id), newest first: a cursor names the row to continue after, so a
// page costs the same on page 1 and page 2,000 (no OFFSET), and rows added meanwhile do not shift it.
import { z } from "zod";
import { ValidationError } from "../errors";

export interface Keyset {
  at: Date;
  id: string;
}

const cursorSchema = z.object({ at: z.iso.datetime(), id: z.string().min(1).max(64) });

export function encodeCursor(key: Keyset): string {
  return Buffer.from(JSON.stringify({ at: key.at.toISOString(), id: key.id })).toString("base64url");
}

/** Decodes a cursor from a URL; a tampered or stale one is a ValidationError naming `field`. */
export function decodeCursor(cursor: string, field: string): Keyset {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    raw = null;
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError([{ field, message: "is not a page cursor of this list" }]);
  return { at: new Date(parsed.data.at), id: parsed.data.id };
}

/** Rows strictly older than the key (the next page of a newest-first list). */
export function olderThan(key: Keyset) {
  return { OR: [{ createdAt: { lt: key.at } }, { createdAt: key.at, id: { lt: key.id } }] };
}

/** Rows strictly newer than the key (the previous page). */
export function newerThan(key: Keyset) {
  return { OR: [{ createdAt: { gt: key.at } }, { createdAt: key.at, id: { gt: key.id } }] };
}

export interface PageInfo {
  hasNext: boolean;
  hasPrevious: boolean;
  /** cursor of the first row (ask `before` it for the previous page) */
  startCursor: string | null;
  /** cursor of the last row (ask `after` it for the next page) */
  endCursor: string | null;
}

// Recognising the database errors that use cases handle rather than report.
import { Prisma } from "@prisma/client";

function codeOf(error: unknown): string | null {
  return error instanceof Prisma.PrismaClientKnownRequestError ? error.code : null;
}

/** A unique constraint said no (P2002): someone else inserted the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  return codeOf(error) === "P2002";
}

/**
 * The database was busy (SQLite's single writer held by another process, P1008 "operation timed
 * out", or a transaction that expired waiting for it, P2028). Safe to try again later.
 */
export function isBusy(error: unknown): boolean {
  const code = codeOf(error);
  if (code === "P1008" || code === "P2028" || code === "P2034") return true;
  return error instanceof Error && /SQLITE_BUSY|database is locked/i.test(error.message);
}

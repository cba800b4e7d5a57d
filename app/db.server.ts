// The Prisma client, Rust-free: the query compiler plus a driver adapter on Node's built-in
// SQLite (app/lib/node-sqlite-adapter.server.ts: why not libsql, why not better-sqlite3).
// DATABASE_URL is a file: URL relative to the working directory.
import { PrismaClient } from "@prisma/client";
import { PrismaNodeSqlite } from "~/lib/node-sqlite-adapter.server";

export type Db = PrismaClient;

/** How long a connection waits for another process's write lock before "database is locked". */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * One connection per client, behind one lock (a transaction holds it; other queries wait), in WAL
 * mode so that readers in other processes (the worker, the web app) work during a write.
 */
export function createDb(url = process.env.DATABASE_URL ?? "file:./dev.sqlite"): PrismaClient {
  return new PrismaClient({ adapter: new PrismaNodeSqlite({ url, busyTimeoutMs: BUSY_TIMEOUT_MS }) });
}

declare global {
  // eslint-disable-next-line no-var
  var __consignDb: PrismaClient | undefined;
}

/** The process-wide client (one per process; reused across Vite HMR reloads in dev). */
export function db(): PrismaClient {
  globalThis.__consignDb ??= createDb();
  return globalThis.__consignDb;
}

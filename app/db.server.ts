// The Prisma client, Rust-free: the query compiler plus the libsql driver adapter
// (notes/stack.md §3). DATABASE_URL is a file: URL relative to the working directory.
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";

export type Db = PrismaClient;

export function createDb(url = process.env.DATABASE_URL ?? "file:./dev.sqlite"): PrismaClient {
  return new PrismaClient({ adapter: new PrismaLibSQL({ url }) });
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

// The Prisma client, Rust-free: the query compiler plus the libsql driver adapter
// (notes/stack.md §3). DATABASE_URL is a file: URL relative to the working directory.
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { type Config, createClient } from "@libsql/client";

// The adapter is typed against its own (older) @libsql/client; ours is API-compatible.
type AdapterConfig = Parameters<PrismaLibSQL["createClient"]>[0];
type AdapterClient = ReturnType<PrismaLibSQL["createClient"]>;

export type Db = PrismaClient;

/** How long a connection waits for another process's write lock before "database is locked". */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * The libsql adapter with a client we configure: the adapter serialises every query and
 * transaction behind one lock, so one pooled connection is enough, and because the pool keeps
 * that connection, the per-connection pragmas set here hold for the client's life. WAL lets
 * readers in other processes (the worker, the web app) work during a write; synchronous=NORMAL
 * in WAL mode stays durable across application crashes and only risks the last commits on
 * power loss (sqlite.org/pragma.html#pragma_synchronous). The adapter's own client (0.8)
 * dropped its connection after every transaction, losing these settings.
 */
class ConsignLibSQL extends PrismaLibSQL {
  override createClient(config: AdapterConfig): AdapterClient {
    const client = createClient({ ...(config as Config), timeout: BUSY_TIMEOUT_MS, concurrency: 1 });
    if (config.url.startsWith("file:")) {
      void client.executeMultiple("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    }
    return client as unknown as AdapterClient;
  }
}

export function createDb(url = process.env.DATABASE_URL ?? "file:./dev.sqlite"): PrismaClient {
  return new PrismaClient({ adapter: new ConsignLibSQL({ url }) });
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

// A Prisma driver adapter on Node's built-in SQLite (node:sqlite, Node 24), for the Rust-free
// client (engineType = "client"). Why not the libsql adapter the stack started with: libsql's
// native binding keeps native memory for every statement it runs (measured: ~5 KB per query and
// ~10 KB per transaction that no garbage collection gives back), so a worker's resident memory
// grew by hundreds of MB per sync cycle (issue 5: ≤ 300 MB with 100,000 open orders). Why not
// better-sqlite3: its binary must be compiled on install against the running Node's headers,
// which these machines do not have at the default path (notes/stack.md "Native addons").
// node:sqlite ships inside the pinned Node, plateaus in memory, and needs no install step.
//
// Value conversions and error mapping follow Prisma's own SQLite adapters (@prisma/adapter-libsql
// and @prisma/adapter-better-sqlite3, 6.19.3), so rows, dates (ISO 8601 with "+00:00"), booleans,
// BigInts and Prisma error codes (P2002, P1008, …) are what the libsql adapter gave.
//
// Concurrency: one connection per client, and one lock for it: a transaction holds the lock
// from BEGIN to COMMIT/ROLLBACK, and a query outside a transaction waits for the lock, so it never
// runs inside somebody else's transaction. Statements are prepared once and kept (LRU).
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import {
  type ArgType,
  type ColumnType,
  ColumnTypeEnum,
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from "@prisma/driver-adapter-utils";
import { Mutex } from "async-mutex";

const ADAPTER_NAME = "consign-node-sqlite";

export interface NodeSqliteConfig {
  /** `file:./dev.sqlite`, `file:/abs/path.sqlite`, a bare path, or `:memory:` */
  url: string;
  /** how long a statement waits for another process's write lock before SQLITE_BUSY */
  busyTimeoutMs?: number;
  /** prepared statements kept per connection */
  statementCacheSize?: number;
}

/** The file path of a SQLite URL as Prisma writes them (`file:` prefix, optional `?params`). */
export function sqlitePath(url: string): string {
  const path = url.startsWith("file:") ? url.slice("file:".length) : url;
  const query = path.indexOf("?");
  return query >= 0 ? path.slice(0, query) : path;
}

// ------------------------------------------------------------------------------ conversions

function mapDeclType(declType: string | null): ColumnType | null {
  switch ((declType ?? "").toUpperCase()) {
    case "":
      return null;
    case "DECIMAL":
      return ColumnTypeEnum.Numeric;
    case "FLOAT":
      return ColumnTypeEnum.Float;
    case "DOUBLE":
    case "DOUBLE PRECISION":
    case "NUMERIC":
    case "REAL":
      return ColumnTypeEnum.Double;
    case "TINYINT":
    case "SMALLINT":
    case "MEDIUMINT":
    case "INT":
    case "INTEGER":
    case "SERIAL":
    case "INT2":
      return ColumnTypeEnum.Int32;
    case "BIGINT":
    case "UNSIGNED BIG INT":
    case "INT8":
      return ColumnTypeEnum.Int64;
    case "DATETIME":
    case "TIMESTAMP":
      return ColumnTypeEnum.DateTime;
    case "TIME":
      return ColumnTypeEnum.Time;
    case "DATE":
      return ColumnTypeEnum.Date;
    case "TEXT":
    case "CLOB":
    case "CHARACTER":
    case "VARCHAR":
    case "VARYING CHARACTER":
    case "NCHAR":
    case "NATIVE CHARACTER":
    case "NVARCHAR":
      return ColumnTypeEnum.Text;
    case "BLOB":
      return ColumnTypeEnum.Bytes;
    case "BOOLEAN":
      return ColumnTypeEnum.Boolean;
    case "JSONB":
      return ColumnTypeEnum.Json;
    default:
      return null;
  }
}

function inferColumnType(value: unknown): ColumnType {
  switch (typeof value) {
    case "string":
      return ColumnTypeEnum.Text;
    case "bigint":
      return ColumnTypeEnum.Int64;
    case "number":
      return ColumnTypeEnum.UnknownNumber;
    default:
      if (value instanceof Uint8Array) return ColumnTypeEnum.Bytes;
      throw new Error(`unexpected SQLite value of type ${typeof value}`);
  }
}

/** Declared column types, and for expressions (no declared type) the type of the first non-null value. */
export function columnTypes(declared: readonly (string | null)[], rows: readonly unknown[][]): ColumnType[] {
  return declared.map((decl, index) => {
    const mapped = mapDeclType(decl);
    if (mapped !== null) return mapped;
    for (const row of rows) {
      if (row[index] !== null) return inferColumnType(row[index]);
    }
    return ColumnTypeEnum.Int32;
  });
}

function mapRow(row: unknown[], types: readonly ColumnType[]): unknown[] {
  const out: unknown[] = new Array(row.length);
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    const type = types[i];
    if (value instanceof Uint8Array) out[i] = Array.from(value);
    else if (typeof value === "number" && (type === ColumnTypeEnum.Int32 || type === ColumnTypeEnum.Int64) && !Number.isInteger(value)) {
      out[i] = Math.trunc(value);
    } else if ((typeof value === "number" || typeof value === "bigint") && type === ColumnTypeEnum.DateTime) {
      out[i] = new Date(Number(value)).toISOString();
    } else if (typeof value === "bigint") out[i] = value.toString();
    else out[i] = value;
  }
  return out;
}

export function mapArg(arg: unknown, argType: ArgType | undefined): SQLInputValue {
  if (arg === null || arg === undefined) return null;
  const scalar = argType?.scalarType;
  if (typeof arg === "boolean") return arg ? 1 : 0;
  if (typeof arg === "string") {
    switch (scalar) {
      case "int":
        return Number.parseInt(arg, 10);
      case "float":
      case "decimal":
        return Number.parseFloat(arg);
      case "bigint":
        return BigInt(arg);
      case "datetime":
        return sqliteTimestamp(new Date(arg));
      case "bytes":
        return Buffer.from(arg, "base64");
      default:
        return arg;
    }
  }
  if (arg instanceof Date) return sqliteTimestamp(arg);
  if (Array.isArray(arg) && scalar === "bytes") return Uint8Array.from(arg as number[]);
  if (typeof arg === "number" || typeof arg === "bigint" || arg instanceof Uint8Array) return arg;
  throw new DriverAdapterError({ kind: "InconsistentColumnData", cause: `cannot bind a value of type ${typeof arg} (${scalar ?? "unknown"})` });
}

/** How Prisma's SQLite adapters store DateTime values (ISO 8601, UTC as "+00:00"). */
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

// ------------------------------------------------------------------------------ errors

interface SqliteError extends Error {
  code: "ERR_SQLITE_ERROR";
  /** SQLite's extended result code */
  errcode: number;
}

function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Error && (error as Partial<SqliteError>).code === "ERR_SQLITE_ERROR" && typeof (error as Partial<SqliteError>).errcode === "number";
}

const SQLITE_BUSY = 5;

function fieldsOf(message: string): { fields: string[] } | undefined {
  const fields = message
    .split("constraint failed: ")
    .at(1)
    ?.split(", ")
    .map((field) => field.split(".").pop() ?? field);
  return fields ? { fields } : undefined;
}

/** SQLite's error as a Prisma driver error (the same mapping as @prisma/adapter-libsql). */
export function toDriverError(error: unknown): unknown {
  if (!isSqliteError(error)) return error;
  const code = error.errcode;
  const base = { originalCode: String(code), originalMessage: error.message };
  switch (code) {
    case 2067: // SQLITE_CONSTRAINT_UNIQUE
    case 1555: // SQLITE_CONSTRAINT_PRIMARYKEY
      return new DriverAdapterError({ ...base, kind: "UniqueConstraintViolation", constraint: fieldsOf(error.message) });
    case 1299: // SQLITE_CONSTRAINT_NOTNULL
      return new DriverAdapterError({ ...base, kind: "NullConstraintViolation", constraint: fieldsOf(error.message) });
    case 787: // SQLITE_CONSTRAINT_FOREIGNKEY
    case 1811: // SQLITE_CONSTRAINT_TRIGGER
      return new DriverAdapterError({ ...base, kind: "ForeignKeyConstraintViolation", constraint: { foreignKey: {} } });
  }
  if ((code & 0xff) === SQLITE_BUSY) return new DriverAdapterError({ ...base, kind: "SocketTimeout" });
  if (error.message.startsWith("no such table")) {
    return new DriverAdapterError({ ...base, kind: "TableDoesNotExist", table: error.message.split(": ").at(1) });
  }
  if (error.message.startsWith("no such column")) {
    return new DriverAdapterError({ ...base, kind: "ColumnNotFound", column: error.message.split(": ").at(1) });
  }
  if (error.message.includes("has no column named ")) {
    return new DriverAdapterError({ ...base, kind: "ColumnNotFound", column: error.message.split("has no column named ").at(1) });
  }
  return new DriverAdapterError({ ...base, kind: "sqlite", extendedCode: code, message: error.message });
}

// ------------------------------------------------------------------------------ the adapter

class Connection {
  private readonly statements = new Map<string, { statement: StatementSync; names: string[]; declared: (string | null)[]; reader: boolean }>();

  constructor(
    readonly db: DatabaseSync,
    private readonly cacheSize: number,
  ) {}

  prepared(sql: string) {
    let entry = this.statements.get(sql);
    if (entry) {
      // most recently used last
      this.statements.delete(sql);
      this.statements.set(sql, entry);
      return entry;
    }
    const statement = this.db.prepare(sql);
    statement.setReturnArrays(true);
    const columns = statement.columns();
    entry = { statement, names: columns.map((c) => c.name), declared: columns.map((c) => c.type), reader: columns.length > 0 };
    this.statements.set(sql, entry);
    if (this.statements.size > this.cacheSize) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    return entry;
  }

  query(query: SqlQuery): SqlResultSet {
    try {
      const { statement, names, declared, reader } = this.prepared(query.sql);
      const args = query.args.map((arg, i) => mapArg(arg, query.argTypes[i]));
      if (!reader) {
        statement.run(...args);
        return { columnNames: [], columnTypes: [], rows: [] };
      }
      const rows = statement.all(...args) as unknown as unknown[][];
      const types = columnTypes(declared, rows);
      return {
        columnNames: names,
        columnTypes: types,
        rows: rows.map((row) => mapRow(row, types)),
      };
    } catch (error) {
      throw toDriverError(error);
    }
  }

  execute(query: SqlQuery): number {
    try {
      const { statement } = this.prepared(query.sql);
      const result = statement.run(...query.args.map((arg, i) => mapArg(arg, query.argTypes[i])));
      return Number(result.changes);
    } catch (error) {
      throw toDriverError(error);
    }
  }

  exec(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (error) {
      throw toDriverError(error);
    }
  }

  close(): void {
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}

class NodeSqliteTransaction implements Transaction {
  readonly provider = "sqlite" as const;
  readonly adapterName = ADAPTER_NAME;
  /** We run COMMIT and ROLLBACK ourselves, so the lock is released whatever they do. */
  readonly options: TransactionOptions = { usePhantomQuery: true };
  private open = true;

  constructor(
    private readonly connection: Connection,
    private readonly release: () => void,
  ) {}

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.connection.query(query);
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    return this.connection.execute(query);
  }

  async commit(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    try {
      this.connection.exec("COMMIT");
    } catch (error) {
      // A failed COMMIT (SQLITE_BUSY) leaves the transaction open: end it, or the connection stays inside it.
      if (this.connection.db.isTransaction) this.connection.db.exec("ROLLBACK");
      throw error;
    } finally {
      this.release();
    }
  }

  async rollback(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    try {
      // SQLite may have rolled back already (some errors end the transaction themselves).
      if (this.connection.db.isTransaction) this.connection.exec("ROLLBACK");
    } finally {
      this.release();
    }
  }
}

class NodeSqliteAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite" as const;
  readonly adapterName = ADAPTER_NAME;
  private readonly lock = new Mutex();

  constructor(private readonly connection: Connection) {}

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.lock.runExclusive(() => this.connection.query(query));
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    return this.lock.runExclusive(() => this.connection.execute(query));
  }

  async executeScript(script: string): Promise<void> {
    await this.lock.runExclusive(() => this.connection.exec(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      throw new DriverAdapterError({ kind: "InvalidIsolationLevel", level: isolationLevel });
    }
    const release = await this.lock.acquire();
    try {
      this.connection.exec("BEGIN");
    } catch (error) {
      release();
      throw error;
    }
    return new NodeSqliteTransaction(this.connection, release);
  }

  async dispose(): Promise<void> {
    await this.lock.runExclusive(() => this.connection.close());
  }
}

export class PrismaNodeSqlite implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(private readonly config: NodeSqliteConfig) {}

  async connect(): Promise<SqlDriverAdapter> {
    return new NodeSqliteAdapter(openConnection(this.config));
  }

  /** The Prisma CLI's scratch database (`migrate dev`, `migrate diff`): in memory. */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return new NodeSqliteAdapter(openConnection({ ...this.config, url: ":memory:" }));
  }
}

function openConnection(config: NodeSqliteConfig): Connection {
  const path = sqlitePath(config.url);
  const db = new DatabaseSync(path, { timeout: config.busyTimeoutMs ?? 10_000, enableForeignKeyConstraints: true });
  try {
    // WAL lets readers in other processes (the worker, the web app) work during a write;
    // synchronous=NORMAL in WAL mode stays durable across application crashes and only risks the
    // last commits on power loss (sqlite.org/pragma.html#pragma_synchronous).
    if (path !== ":memory:" && path !== "") db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
  } catch (error) {
    db.close();
    throw toDriverError(error);
  }
  return new Connection(db, config.statementCacheSize ?? 256);
}

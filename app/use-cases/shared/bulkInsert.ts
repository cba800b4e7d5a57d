// Many rows in few INSERT statements, for batch paths (ingestOrders). Prisma's createMany builds
// each row through its query compiler, about 0.17 ms of CPU a row; one parameterised multi-row
// INSERT costs about 0.03 ms a row (test/bench/run.ts, "Throughput"). Values go through the same
// driver adapter as Prisma's own writes, so dates are stored in Prisma's format (a Date parameter
// becomes ISO 8601 with +00:00 on SQLite, a timestamp on PostgreSQL). The caller writes every
// column Prisma would fill in: ids (newId), createdAt and updatedAt.
import { randomBytes } from "node:crypto";
import { Prisma } from "@prisma/client";
import type { Tx } from "./timeline";

export type SqlValue = string | number | Date | null;

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/** Inserts rows (all with the same columns, in the same order) into `table`. */
export async function bulkInsert(tx: Tx, table: string, rows: readonly Record<string, SqlValue>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`bulkInsert: not a plain identifier: ${name}`);
  }
  const head = Prisma.raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows.slice(start, start + perStatement).map((row) => {
      const keys = Object.keys(row);
      if (keys.length !== columns.length || keys.some((key, i) => key !== columns[i])) {
        throw new Error(`bulkInsert: rows of ${table} must have the same columns in the same order`);
      }
      return Prisma.sql`(${Prisma.join(columns.map((c) => row[c] ?? null))})`;
    });
    await tx.$executeRaw`${head}${Prisma.join(values)}`;
  }
}

let counter = randomBytes(2).readUInt16BE(0);
// Random bytes drawn in blocks: one randomBytes call per id costs more than the rest of the id.
let pool = Buffer.alloc(0);
let offset = 0;

function random36(): string {
  if (offset + 8 > pool.length) {
    pool = randomBytes(8 * 1024);
    offset = 0;
  }
  const high = pool.readUInt32BE(offset).toString(36).padStart(7, "0");
  const low = pool.readUInt32BE(offset + 4).toString(36).padStart(7, "0");
  offset += 8;
  return `${high}${low}`.slice(-12);
}

/**
 * A collision-resistant id in the shape of Prisma's cuid() (25 characters, "c", time first, so ids
 * made later sort later): for rows that bulkInsert writes.
 */
export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  return `c${Date.now().toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${random36()}`;
}

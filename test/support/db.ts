// A fresh, migrated SQLite database per test file: applies prisma/migrations directly
// (much faster than spawning the Prisma CLI) and returns a client on it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createDb, type Db } from "~/db.server";
import { sqlitePath } from "~/lib/node-sqlite-adapter.server";

const migrationsDir = resolve(import.meta.dirname, "..", "..", "prisma", "migrations");

export function migrationSql(): string {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => readFileSync(join(migrationsDir, name, "migration.sql"), "utf8"))
    .join("\n");
}

export interface TestDb {
  db: Db;
  url: string;
  dir: string;
  close(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), "consign-test-"));
  const url = `file:${join(dir, "test.sqlite")}`;
  const raw = new DatabaseSync(sqlitePath(url));
  raw.exec(migrationSql());
  raw.close();
  const db = createDb(url);
  return {
    db,
    url,
    dir,
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Applies the PostgreSQL migrations (prisma/postgresql/migrations) to POSTGRES_URL, creating
// the database if it is missing. Usage: npm run db:migrate:pg
//
// Why not `prisma migrate deploy`: on this network Prisma runs its WASM schema engine, and
// with @prisma/adapter-pg 6.19 it fails on PostgreSQL's `name` columns ("Column type 'name'
// could not be deserialized from the database"). This runner applies the same migration
// files, each in a transaction, and records them in Prisma's own `_prisma_migrations` table,
// so a later `prisma migrate deploy` with the native engine sees them as applied.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

export async function migratePostgres(connectionString: string, dir = join("prisma", "postgresql", "migrations")) {
  const url = new URL(connectionString);
  const database = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  await adminClient.connect();
  try {
    const exists = await adminClient.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await adminClient.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await adminClient.end();
  }

  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = new Set(
      (await client.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).rows.map(
        (r: { migration_name: string }) => r.migration_name,
      ),
    );
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    for (const name of names) {
      if (done.has(name)) continue;
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
        applied.push(name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.end();
  }
  return applied;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/consign";
  const applied = await migratePostgres(url);
  console.log(applied.length ? `applied ${applied.join(", ")}` : "PostgreSQL schema is up to date");
}

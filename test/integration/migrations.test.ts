// Migrations apply to a new SQLite file through the Prisma CLI (the package.json script) and
// to a new PostgreSQL database through npm run db:migrate:pg, on the server this machine runs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "~/db.server";

const root = resolve(import.meta.dirname, "..", "..");
const expectedTables = ["Session", "Shop", "Connection", "Assignment", "Order", "OrderLine", "Fulfillment", "FulfillmentLine", "Shipment", "ShipmentLine", "PushIntent", "WebhookReceipt", "ApiKey", "SyncRun", "TimelineEvent", "JobLease"];

describe("migrations", () => {
  const dir = mkdtempSync(join(tmpdir(), "consign-mig-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("apply to a new SQLite file with npm run db:migrate, and the client can use every table", async () => {
    const url = `file:${join(dir, "fresh.sqlite")}`;
    execFileSync("npm", ["run", "-s", "db:migrate"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
    const db = createDb(url);
    const rows = await db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table'");
    const names = rows.map((r) => r.name);
    for (const table of expectedTables) expect(names).toContain(table);
    const shop = await db.shop.create({ data: { platform: "SHOPIFY", domain: "fresh.myshopify.com" } });
    expect(shop.holdSchedule).toBe("0 * * * *");
    await db.$disconnect();
  });

  it("apply to a new PostgreSQL database with npm run db:migrate:pg", async () => {
    const name = `consign_test_${process.pid}_${Date.now()}`;
    const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
    execFileSync("npm", ["run", "-s", "db:migrate:pg"], { cwd: root, env: { ...process.env, POSTGRES_URL: url }, stdio: "pipe" });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    const names = rows.map((r) => r.table_name);
    for (const table of expectedTables) expect(names).toContain(table);
    // applying again is a no-op
    execFileSync("npm", ["run", "-s", "db:migrate:pg"], { cwd: root, env: { ...process.env, POSTGRES_URL: url }, stdio: "pipe" });
    const applied = await client.query("SELECT count(*)::int AS n FROM _prisma_migrations");
    await client.end();
    const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    await admin.query(`DROP DATABASE "${name}"`);
    await admin.end();
    expect(applied.rows[0].n).toBeGreaterThan(0);
  });
});

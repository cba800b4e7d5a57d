// The Prisma driver adapter on node:sqlite (app/lib/node-sqlite-adapter.server.ts), through the
// Prisma client as the app uses it: values come back as they went in and are stored in Prisma's
// SQLite format, constraint errors carry Prisma's codes, a query outside a transaction never runs
// inside one, a failed COMMIT leaves the connection usable, and two clients (two processes' worth)
// share the file through SQLite's lock.
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import { PrismaNodeSqlite, sqlitePath } from "~/lib/node-sqlite-adapter.server";
import { isBusy, isUniqueViolation } from "~/use-cases/shared/dbErrors";
import { PrismaClient } from "@prisma/client";
import { createTestDb, type TestDb } from "../../support/db";

let tdb: TestDb;
let db: Db;

beforeAll(async () => {
  tdb = await createTestDb();
  db = tdb.db;
});

afterAll(async () => {
  await tdb.close();
});

/** A promise and the function that resolves it. */
function signal(): [Promise<void>, () => void] {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return [promise, resolve];
}

function raw(): DatabaseSync {
  return new DatabaseSync(sqlitePath(tdb.url), { readOnly: true });
}

describe("values", () => {
  it("round-trips dates, booleans, integers, BigInt and nulls, stored in Prisma's SQLite format", async () => {
    const expires = new Date("2026-11-21T10:11:12.345Z");
    await db.session.create({
      data: {
        id: "offline_values.myshopify.com",
        shop: "values.myshopify.com",
        state: "s",
        isOnline: true,
        accessToken: "t",
        userId: 9_007_199_254_740_000n,
        expires,
        accountOwner: false,
        email: null,
      },
    });
    const back = await db.session.findUniqueOrThrow({ where: { id: "offline_values.myshopify.com" } });
    expect(back).toMatchObject({ isOnline: true, accountOwner: false, email: null, userId: 9_007_199_254_740_000n, expires });
    expect(back.collaborator).toBeNull();

    const stored = raw().prepare(`SELECT "expires", "isOnline", "userId" FROM "Session" WHERE "id" = ?`).get("offline_values.myshopify.com");
    expect(stored).toEqual({ expires: "2026-11-21T10:11:12.345+00:00", isOnline: 1, userId: 9_007_199_254_740_000 });
  });

  it("filters and aggregates by those values (dates compare as stored, counts are numbers)", async () => {
    const shop = await db.shop.create({ data: { platform: "SHOPIFY", domain: "filters.myshopify.com", holdDelayMinutes: 7 } });
    const found = await db.shop.findMany({ where: { installedAt: { lte: new Date(Date.now() + 60_000) }, carrierTracking: false, domain: "filters.myshopify.com" } });
    expect(found.map((s) => s.id)).toEqual([shop.id]);
    const sum = await db.shop.aggregate({ _sum: { holdDelayMinutes: true }, where: { id: shop.id } });
    expect(sum._sum.holdDelayMinutes).toBe(7);
    const rows = await db.$queryRaw<{ n: number; name: string | null }[]>`SELECT COUNT(*) AS n, MAX("name") AS name FROM "Shop" WHERE "id" = ${shop.id}`;
    expect(rows).toEqual([{ n: 1, name: null }]);
  });
});

describe("errors", () => {
  it("a unique constraint is Prisma's P2002 with the fields, and changes nothing", async () => {
    await db.shop.create({ data: { platform: "SHOPIFY", domain: "unique.myshopify.com" } });
    const error = await db.shop.create({ data: { platform: "SHOPIFY", domain: "unique.myshopify.com" } }).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect((error as { meta?: unknown }).meta).toMatchObject({ driverAdapterError: { cause: { constraint: { fields: ["platform", "domain"] } } } });
    expect(await db.shop.count({ where: { domain: "unique.myshopify.com" } })).toBe(1);
  });

  it("a foreign key is P2003, and a missing row for update is P2025", async () => {
    const fk = await db.connection
      .create({ data: { shopId: "no-such-shop", kind: "manual", title: "x", mode: "push", credentialsEnc: "x" } })
      .catch((e: unknown) => e);
    expect((fk as { code?: string }).code).toBe("P2003");
    const missing = await db.shop.update({ where: { id: "no-such-shop" }, data: { name: "x" } }).catch((e: unknown) => e);
    expect((missing as { code?: string }).code).toBe("P2025");
  });
});

describe("transactions", () => {
  it("a query outside a transaction waits for it: it neither sees its writes nor is rolled back with it", async () => {
    const shop = await db.shop.create({ data: { platform: "SHOPIFY", domain: "tx.myshopify.com" } });
    const [held, release] = signal();
    const [started, inside] = signal();
    const transaction = db
      .$transaction(async (tx) => {
        await tx.shop.update({ where: { id: shop.id }, data: { name: "inside" } });
        inside();
        await held;
        throw new Error("roll back");
      })
      .catch((e: unknown) => e);
    await started;
    const order: string[] = [];
    const outside = db.shop.update({ where: { id: shop.id }, data: { holdDelayMinutes: 5 } }).then((s) => {
      order.push("outside");
      return s;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push("released");
    release();
    expect(((await transaction) as Error).message).toBe("roll back");
    const after = await outside;
    expect(order).toEqual(["released", "outside"]);
    expect(after).toMatchObject({ name: null, holdDelayMinutes: 5 });
  });

  it("a COMMIT that fails (a deferred foreign key) reports the violation, writes nothing, and leaves the client usable", async () => {
    const shop = await db.shop.create({ data: { platform: "SHOPIFY", domain: "commit.myshopify.com" } });
    const error = await db
      .$transaction(async (tx) => {
        await tx.$executeRaw`PRAGMA defer_foreign_keys = ON`;
        await tx.shop.update({ where: { id: shop.id }, data: { name: "lost" } });
        await tx.$executeRaw`INSERT INTO "Connection" ("id", "shopId", "kind", "title", "mode", "credentialsEnc", "updatedAt") VALUES ('c-dangling', 'no-such-shop', 'manual', 'x', 'push', 'x', '2026-11-21T00:00:00.000+00:00')`;
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ cause: { kind: "ForeignKeyConstraintViolation" } });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ name: null });
    expect(await db.connection.count({ where: { id: "c-dangling" } })).toBe(0);
    // The lock was released and no transaction is left open on the connection.
    await db.$transaction(async (tx) => tx.shop.update({ where: { id: shop.id }, data: { name: "kept" } }));
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ name: "kept" });
  });
});

describe("two clients on one file", () => {
  it("a writer gives up with a busy error when the other's write transaction outlasts its busy timeout, and writes once it is over", async () => {
    const shop = await db.shop.create({ data: { platform: "SHOPIFY", domain: "busy.myshopify.com" } });
    const patient = createDb(tdb.url);
    const impatient = new PrismaClient({ adapter: new PrismaNodeSqlite({ url: tdb.url, busyTimeoutMs: 50 }) });
    try {
      const [held, release] = signal();
      const [hasLock, locked] = signal();
      const holder = db.$transaction(
        async (tx) => {
          await tx.shop.update({ where: { id: shop.id }, data: { name: "first" } });
          locked();
          await held;
        },
        { timeout: 20_000 },
      );
      await hasLock;
      const gaveUp = await impatient.shop.update({ where: { id: shop.id }, data: { name: "never" } }).catch((e: unknown) => e);
      expect(isBusy(gaveUp)).toBe(true);
      // SQLite's busy handler waits on this thread, so the holder (same process here) commits first;
      // across processes the wait is the worker tests' two processes.
      release();
      await holder;
      expect(await patient.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ name: "first" });
      const second = await patient.shop.update({ where: { id: shop.id }, data: { name: "second" } });
      expect(second.name).toBe("second");
    } finally {
      await patient.$disconnect();
      await impatient.$disconnect();
    }
  });
});

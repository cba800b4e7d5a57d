// The admin's test world: a migrated database with two seeded shops, and the real app served over
// HTTP in sandbox mode, where the admin is the first shop (CONSIGN_SANDBOX_SHOP) without a login.
import { type AppServer, startAppServer } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/db";
import { ENCRYPTION_KEY, type SeededShop, seedContext, seedShop } from "./seed";

export const SHOP_A = "consign-admin-a.myshopify.com";
export const SHOP_B = "consign-admin-b.myshopify.com";

export interface AdminWorld {
  tdb: TestDb;
  app: AppServer;
  a: SeededShop;
  b: SeededShop;
  get(path: string, init?: RequestInit): Promise<{ status: number; text: string; headers: Headers }>;
  /** a form POST as the browser sends it without JavaScript */
  post(path: string, fields: Record<string, string | string[]>): Promise<{ status: number; text: string }>;
  /** a form POST as Remix sends it from a fetcher: the action alone, its answer as single-fetch data */
  postData(path: string, fields: Record<string, string | string[]>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** The environment of sandbox mode on this database; extra variables (stand-in URLs) on top. */
export function setSandboxEnv(databaseUrl: string, extra: Record<string, string> = {}): void {
  for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"]) delete process.env[name];
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    CONSIGN_SANDBOX: "1",
    CONSIGN_SANDBOX_SHOP: SHOP_A,
    CONSIGN_ENCRYPTION_KEY: ENCRYPTION_KEY,
    ...extra,
  });
}

export async function startAdminWorld(extraEnv: Record<string, string> = {}): Promise<AdminWorld> {
  const tdb = await createTestDb();
  setSandboxEnv(tdb.url, extraEnv);
  const ctx = seedContext(tdb.db);
  const a = await seedShop(ctx, SHOP_A, 1001);
  const b = await seedShop(ctx, SHOP_B, 5001);
  const app = await startAppServer();
  // Vite compiles the app on first use (Polaris alone takes seconds): do it here, not in a test.
  await fetch(`${app.url}/app`).then((res) => res.text());
  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${app.url}${path}`, { redirect: "manual", ...init });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  const post = async (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    const res = await fetch(`${app.url}${path}`, { method: "POST", body, redirect: "manual" });
    return { status: res.status, text: await res.text() };
  };
  const postData = (path: string, fields: Record<string, string | string[]>) => post(`${path}.data`, fields);
  return {
    tdb,
    app,
    a,
    b,
    get,
    post,
    postData,
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}

// Prisma runs Rust-free here: its engine binaries cannot be downloaded on this network, so
// queries go through the query compiler (engineType = "client") and our driver adapter on
// node:sqlite (app/lib/node-sqlite-adapter.server.ts), and migrations through the WASM schema
// engine (engine: "js") on the same adapter. See notes/stack.md §3.
import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaNodeSqlite } from "./app/lib/node-sqlite-adapter.server";

// With a config file Prisma does not load .env itself.
if (existsSync(".env")) process.loadEnvFile(".env");
process.env.DATABASE_URL ??= "file:./dev.sqlite";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaNodeSqlite({ url: process.env.DATABASE_URL! }),
});

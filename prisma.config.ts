// Prisma runs Rust-free here: its engine binaries cannot be downloaded on this network, so
// queries go through the query compiler (engineType = "client") and a libsql driver adapter,
// and migrations through the WASM schema engine (engine: "js"). See notes/stack.md §3.
import { existsSync } from "node:fs";
import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { defineConfig } from "prisma/config";

// With a config file Prisma does not load .env itself.
if (existsSync(".env")) process.loadEnvFile(".env");
process.env.DATABASE_URL ??= "file:./dev.sqlite";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaLibSQL({ url: process.env.DATABASE_URL! }),
});

// Fetches Shopify's official Admin GraphQL schema (introspection JSON) for the pinned API
// version. It ships inside the npm package @shopify/dev-mcp; we `npm pack` the tarball and
// keep just that one file in .cache/ (we never install the package or its dependencies).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const API_VERSION = "2026-10";
const PACKAGE = "@shopify/dev-mcp@1.16.0";
const root = resolve(import.meta.dirname, "..");
const target = join(root, ".cache", "shopify", `admin_${API_VERSION}.json.gz`);

if (existsSync(target) && statSync(target).size > 0) process.exit(0);

mkdirSync(join(root, ".cache", "shopify"), { recursive: true });
const work = mkdtempSync(join(tmpdir(), "consign-devmcp-"));
try {
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      execFileSync("npm", ["pack", PACKAGE, "--silent", "--pack-destination", work], {
        cwd: work,
        stdio: ["ignore", "pipe", "inherit"],
        timeout: 180_000,
      });
      lastError = undefined;
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (lastError) throw lastError;
  const tarball = execFileSync("sh", ["-c", "ls *.tgz"], { cwd: work }).toString().trim();
  execFileSync("tar", ["-xzf", tarball, `package/dist/data/admin_${API_VERSION}.json.gz`], { cwd: work });
  renameSync(join(work, "package", "dist", "data", `admin_${API_VERSION}.json.gz`), target);
  console.log(`Shopify Admin schema ${API_VERSION} cached at ${target}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

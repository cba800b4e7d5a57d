// The test command: typecheck, lint, then every vitest suite with the coverage floor, and
// a closing line `N passed, N failed` that CI reads. Exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", env }).status ?? 1;

const steps = [
  ["check-node", "node", ["scripts/check-node.mjs"]],
  ["shopify-schema", "node", ["scripts/fetch-shopify-schema.mjs"]],
  ["typecheck", "npx", ["tsc"]],
  ["lint", "npx", ["biome", "check", "."]],
];
for (const [name, cmd, args] of steps) {
  if (run(cmd, args) !== 0) {
    console.error(`\n${name} failed`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

const outDir = join(root, ".cache", "test");
mkdirSync(outDir, { recursive: true });
const jsonFile = join(outDir, "results.json");
rmSync(jsonFile, { force: true });
const extra = process.argv.slice(2);
const status = run("npx", [
  "vitest",
  "run",
  "--coverage",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${jsonFile}`,
  ...extra,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(jsonFile)) {
  const results = JSON.parse(readFileSync(jsonFile, "utf8"));
  passed = results.numPassedTests ?? 0;
  // A file that failed to load counts as one failure; a file whose tests failed is counted by its tests.
  const brokenFiles = (results.testResults ?? []).filter((file) => file.status === "failed" && (file.assertionResults ?? []).length === 0).length;
  failed = (results.numFailedTests ?? 0) + brokenFiles;
  skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
}
if (status !== 0 && failed === 0) failed = 1; // a coverage floor or a crash failed the run
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(status === 0 && failed === 0 ? 0 : 1);

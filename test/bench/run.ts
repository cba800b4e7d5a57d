// `npm run bench [economy|throughput|throttle ...]`: the benchmarks of issue 5, each in its own
// process (a world configures its process once), one after the other so they do not compete for
// the machine. Each prints its figures and its ratio; the results are also written to
// .cache/bench/results.json. Not part of the tests. BENCH_SCALE=0.05 runs the same steps small.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { resolve } from "node:path";

const BENCHES = {
  economy: "API economy (50,000 open fulfillments) and worker memory (100,000 open orders)",
  throughput: "intake throughput on SQLite",
  throttle: "throttle efficiency against Shopify's cost bucket",
} as const;
type Bench = keyof typeof BENCHES;

const root = resolve(import.meta.dirname, "..", "..");
const isBench = (name: string): name is Bench => name in BENCHES;

function runOne(name: Bench): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, `${name}.ts`)], {
      cwd: root,
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let result: Record<string, unknown> | null = null;
    let errors = "";
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (line.startsWith("BENCH_RESULT ")) result = JSON.parse(line.slice("BENCH_RESULT ".length)) as Record<string, unknown>;
        // The app's libraries log their start; the figures are what this prints.
        else if (line.trim() && !line.startsWith("[shopify-api/") && !/^\s*Enable this flag/.test(line)) console.log(line);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on("exit", (code) => {
      if (code === 0 && result) resolvePromise(result);
      else reject(new Error(`${name} exited ${code}\n${errors.slice(-3000)}`));
    });
  });
}

async function main() {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !isBench(name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Choose from: ${Object.keys(BENCHES).join(", ")}.`);
    return 2;
  }
  const names = (asked.length > 0 ? asked : Object.keys(BENCHES)).filter(isBench);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`Consign benchmarks on ${machine}; load average ${loadavg().map((l) => l.toFixed(1)).join(" / ")}`);
  const results: Record<string, unknown> = { machine, at: new Date().toISOString() };
  let failed = 0;
  for (const name of names) {
    console.log(`\n== ${name}: ${BENCHES[name]}`);
    try {
      results[name] = await runOne(name);
    } catch (error) {
      failed++;
      console.error(error instanceof Error ? error.message : error);
    }
  }
  mkdirSync(resolve(root, ".cache", "bench"), { recursive: true });
  writeFileSync(resolve(root, ".cache", "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code));

import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    include: ["test/**/*.test.ts", "app/**/*.test.ts", "sandbox/**/*.test.ts"],
    exclude: ["node_modules", "build", ".cache", "test/bench/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    coverage: {
      provider: "v8",
      include: ["app/fulfillment/**/*.ts"],
      exclude: ["app/fulfillment/**/*.test.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: ".cache/coverage",
      thresholds: { lines: 95 },
    },
  },
});

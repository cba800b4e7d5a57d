// The app's production build for the browser tests: vite.config.ts's Remix options, written to a
// directory of the test's own (E2E_BUILD_DIR) so it never touches ./build. Keep the Remix options
// in step with vite.config.ts.
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

const buildDirectory = process.env.E2E_BUILD_DIR;
if (!buildDirectory) throw new Error("E2E_BUILD_DIR must name the build directory of the browser tests");

export default defineConfig({
  root: new URL("../..", import.meta.url).pathname,
  logLevel: "warn",
  plugins: [
    remix({
      buildDirectory,
      ignoredRouteFiles: ["**/.*", "**/*.test.ts"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: { assetsInlineLimit: 0 },
});

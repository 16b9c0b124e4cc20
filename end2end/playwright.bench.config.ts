import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium";

// Browser timings for BENCHMARKS.md (not part of the test command; timings are
// measured and printed, never asserted): `scripts/bench-browser.sh`.
const port = 3300;

export default defineConfig({
  testDir: "./bench",
  testMatch: /.*\.bench\.ts/,
  outputDir: "./test-results/bench",
  timeout: 300_000,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: "./target/release/runboard",
    cwd: "..",
    url: `http://127.0.0.1:${port}/healthz`,
    env: { RUNBOARD_ADDR: `127.0.0.1:${port}`, RUNBOARD_LOG: "warn" },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

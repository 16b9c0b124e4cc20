import { defineConfig } from "@playwright/test";

// The tests drive Debian's Chromium against the release binary; no browser is ever
// downloaded. Build first (`cargo leptos build --release`), then `npx playwright test`.
const port = Number(process.env.RUNBOARD_E2E_PORT ?? 3100);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  // One worker: the refresh drill injects faults into the one shared simulator.
  workers: 1,
  reporter: [["list"], ["html", { outputFolder: "playwright-report", open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "./target/release/runboard",
    cwd: "..",
    url: `http://127.0.0.1:${port}/healthz`,
    env: { RUNBOARD_ADDR: `127.0.0.1:${port}`, RUNBOARD_LOG: "warn" },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});

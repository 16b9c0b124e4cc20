import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium";
import { adminSecret, adminState, teamPassword } from "./accounts";

// The tests drive Debian's Chromium against the release binary; no browser is ever
// downloaded. Build first (`cargo leptos build --release --split --precompress`), then `npx playwright test`.
const port = Number(process.env.RUNBOARD_E2E_PORT ?? 3100);

// Each dashboard keeps its ledger (and the site it unpacks) in its own directory, new for
// every run: emptied by the runner only, since workers load this file too while the
// dashboards run.
const dataDir = (name: string) => {
  const dir = path.join(__dirname, "..", "target", "e2e-data", `${port}-${name}`);
  if (process.env.TEST_WORKER_INDEX === undefined) fs.rmSync(dir, { recursive: true, force: true });
  return dir;
};

// An empty folder for the binary alone, new for every run (made by the runner only:
// workers load this file too, while the server runs in that folder).
const singleFileDir = () => {
  const dir = path.join(__dirname, "..", "target", "e2e-data", `${port}-single-file`);
  if (process.env.TEST_WORKER_INDEX === undefined) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }
  return dir;
};

// The test command's PostgreSQL server (scripts/test.sh starts it on loopback and names
// it in RUNBOARD_TEST_POSTGRES_URL); one dashboard keeps its data there.
const postgresUrl = () => {
  const url = process.env.RUNBOARD_TEST_POSTGRES_URL;
  if (!url) {
    throw new Error(
      "RUNBOARD_TEST_POSTGRES_URL names the test PostgreSQL server: run the tests through scripts/test.sh, " +
        "or start one with scripts/postgres.sh and export its URL",
    );
  }
  return url;
};

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
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    // Signs in once as the demo admin; the page tests reuse that session.
    { name: "sign-in", testMatch: /sign-in\.setup\.ts/, use: { browserName: "chromium" } },
    {
      name: "chromium",
      dependencies: ["sign-in"],
      use: { browserName: "chromium", storageState: adminState },
    },
  ],
  webServer: [
    {
      // The dashboard on its embedded simulator, as `scripts/run.sh` starts it.
      command: "./target/release/runboard",
      cwd: "..",
      url: `http://127.0.0.1:${port}/healthz`,
      // The simulator's admin secret is random unless configured; the refresh drill
      // puts faults in force with it.
      env: {
        RUNBOARD_ADDR: `127.0.0.1:${port}`,
        RUNBOARD_LOG: "warn",
        RUNBOARD_SIM_ADMIN_CLIENT_SECRET: adminSecret,
        // The ledger's week is backfilled in seconds rather than at the default pace.
        RUNBOARD_DATA_DIR: dataDir("demo"),
        RUNBOARD_COLLECTOR_CALLS_PER_MINUTE: "100000",
        // Alert rules are evaluated every two seconds, without a cooldown, and may send
        // to the tests' webhook receiver on loopback.
        RUNBOARD_ALERT_EVERY_SECONDS: "2",
        RUNBOARD_ALERT_COOLDOWN_MINUTES: "0",
        RUNBOARD_ALERT_PRIVATE_HOSTS: "127.0.0.1",
        RUNBOARD_ALERT_SIGNING_KEY: "e2e-alert-signing-key",
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // A standalone simulator playing a real control plane (same seed, same ids)…
      command: `./target/release/runboard sim --addr 127.0.0.1:${port + 97} --sim-admin-client-secret ${adminSecret}`,
      cwd: "..",
      port: port + 97,
      env: { RUNBOARD_LOG: "warn" },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // …a dashboard where each person signs in with their own key (user mode)…
      command: "./target/release/runboard",
      cwd: "..",
      url: `http://127.0.0.1:${port + 1}/healthz`,
      env: {
        RUNBOARD_ADDR: `127.0.0.1:${port + 1}`,
        RUNBOARD_LOG: "warn",
        RUNAI_URL: `http://127.0.0.1:${port + 97}`,
        // Its ledger is collected with the admin key; each person sees their share.
        RUNBOARD_DATA_DIR: dataDir("user"),
        RUNBOARD_COLLECTOR_CLIENT_ID: "runboard-admin",
        RUNBOARD_COLLECTOR_CLIENT_SECRET: adminSecret,
        RUNBOARD_COLLECTOR_CALLS_PER_MINUTE: "100000",
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // …and one holding the admin key for everyone who knows the team password.
      command: "./target/release/runboard",
      cwd: "..",
      url: `http://127.0.0.1:${port + 2}/healthz`,
      env: {
        RUNBOARD_ADDR: `127.0.0.1:${port + 2}`,
        RUNBOARD_LOG: "warn",
        RUNAI_URL: `http://127.0.0.1:${port + 97}`,
        RUNBOARD_AUTH_MODE: "service-account",
        RUNAI_CLIENT_ID: "runboard-admin",
        RUNAI_CLIENT_SECRET: adminSecret,
        RUNBOARD_GUARD_PASSWORD: teamPassword,
        RUNBOARD_DATA_DIR: dataDir("service"),
        RUNBOARD_COLLECTOR: "off",
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The fault drills' own dashboard: a short Run:ai timeout and circuit pause, and
      // an embedded simulator whose faults no other test sees.
      command: "./target/release/runboard",
      cwd: "..",
      url: `http://127.0.0.1:${port + 3}/healthz`,
      env: {
        RUNBOARD_ADDR: `127.0.0.1:${port + 3}`,
        RUNBOARD_LOG: "warn",
        RUNAI_TIMEOUT_SECS: "1",
        RUNAI_CIRCUIT_OPEN_SECS: "1",
        // The drills put faults in force with the simulator's admin key.
        RUNBOARD_SIM_ADMIN_CLIENT_SECRET: adminSecret,
        RUNBOARD_DATA_DIR: dataDir("faults"),
        RUNBOARD_COLLECTOR: "off",
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The release binary alone, copied into an empty folder and started there: it
      // serves the site it carries (unpacked into its data directory, ./runboard-data).
      command: `dir=${singleFileDir()} && cp target/release/runboard "$dir/" && cd "$dir" && exec ./runboard`,
      cwd: "..",
      url: `http://127.0.0.1:${port + 4}/healthz`,
      env: { RUNBOARD_ADDR: `127.0.0.1:${port + 4}`, RUNBOARD_LOG: "warn", RUNBOARD_COLLECTOR: "off" },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    // The demo dashboard keeping its own data (saved views) in the test command's
    // PostgreSQL (`RUNBOARD_TEST_POSTGRES_URL`, started by scripts/test.sh).
    {
      command: "./target/release/runboard",
      cwd: "..",
      url: `http://127.0.0.1:${port + 5}/healthz`,
      env: {
        RUNBOARD_ADDR: `127.0.0.1:${port + 5}`,
        RUNBOARD_LOG: "warn",
        RUNBOARD_DATA_DIR: dataDir("postgres"),
        RUNBOARD_DATABASE_URL: postgresUrl(),
        RUNBOARD_COLLECTOR: "off",
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});

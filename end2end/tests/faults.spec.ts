import { type Browser, type BrowserContext, type Page, expect, test } from "@playwright/test";
import { adminSecret } from "../accounts";
import { hydrated, rowIds, simulatorUrl } from "./helpers";

// Fault drills as a person sees them, one per fault kind, on a dashboard of its own
// (port +3: Run:ai timeout 1 s, circuit pause 1 s) so its simulator's faults disturb no
// other test. For each fault, the table, a workload page and the overview, open and
// refreshing every 5 s, keep their last good data marked stale with what failed and
// when they retry; a page first opened during the fault says so and retries; and
// every one of them recovers without a reload once the fault clears.
test.use({ storageState: { cookies: [], origins: [] } });
test.describe.configure({ timeout: 90_000 });

const drillsURL = (baseURL: string) => baseURL.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 3}`);

/** A signed-in context on the drills dashboard and its simulator's fault switch. */
async function setUp(browser: Browser, baseURL: string) {
  const base = drillsURL(baseURL);
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/overview");
  await page.getByRole("button", { name: "Sign in as runboard-admin" }).click();
  await expect(page).toHaveURL(/\/overview$/);
  const simUrl = await simulatorUrl(page);
  const token = async () => (await (await context.request.post(`${simUrl}/api/v1/token`, {
    data: { grantType: "client_credentials", clientId: "runboard-admin", clientSecret: adminSecret },
  })).json()).accessToken as string;
  const admin = await token();
  const faults = async (body: object) => {
    const response = await context.request.put(`${simUrl}/api/v1/sim/faults`, {
      data: body, headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status()).toBe(200);
  };
  // Revokes every token, the admin's own included (the fault controls still take it).
  const expireTokens = async () => {
    const response = await context.request.post(`${simUrl}/api/v1/sim/faults/expire-tokens`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status()).toBe(204);
  };
  await page.goto("/workloads?filterBy=phase%3D%3DRunning&limit=1");
  const [id] = await rowIds(page);
  await page.close();
  return { context, faults, expireTokens, id };
}

/** The three views, open and refreshing every 5 s, each with its data on screen. */
async function openViews(context: BrowserContext, id: string) {
  const views: { name: string; page: Page; data: (p: Page) => ReturnType<Page["locator"]> }[] = [
    { name: "table", page: await context.newPage(), data: (p) => p.locator("table.workloads tbody tr").first() },
    { name: "workload", page: await context.newPage(), data: (p) => p.locator(".charts .chart-panel").first() },
    { name: "overview", page: await context.newPage(), data: (p) => p.getByRole("navigation", { name: "Cluster now" }) },
  ];
  const paths = [`/workloads?sortBy=name&refresh=5s`, `/workloads/${id}?range=1h&refresh=5s`, `/overview?refresh=5s`];
  for (const [i, view] of views.entries()) {
    await view.page.goto(paths[i]);
    await hydrated(view.page);
    await expect(view.data(view.page)).toBeVisible();
    expect(await view.page.evaluate(() => document.visibilityState)).toBe("visible");
  }
  return views;
}

type Kind = { name: string; faults: object; says: RegExp };

const kinds: Kind[] = [
  { name: "latency beyond the timeout", faults: { latencyMs: 2500 }, says: /did not answer in time|upstream unavailable/ },
  { name: "an upstream that never answers", faults: { hang: true }, says: /did not answer in time|upstream unavailable/ },
  { name: "500s", faults: { errorRate: 1, errorStatus: 500 }, says: /Run:ai answered 500: injected error|upstream unavailable/ },
  { name: "502s", faults: { errorRate: 1, errorStatus: 502 }, says: /Run:ai answered 502: injected error|upstream unavailable/ },
  { name: "a 503 burst", faults: { burstEveryS: 60, burstLengthS: 60 }, says: /Run:ai answered 503: the control plane is overloaded|upstream unavailable/ },
  { name: "malformed JSON", faults: { malformedRate: 1 }, says: /that cannot be read/ },
  { name: "spec-violating JSON", faults: { specViolationRate: 1 }, says: /that cannot be read/ },
];

for (const kind of kinds) {
  test(`fault drill: ${kind.name}`, async ({ browser, baseURL }) => {
    const { context, faults, id } = await setUp(browser, baseURL!);
    const views = await openViews(context, id);
    try {
      await faults(kind.faults);
      for (const view of views) {
        const stale = view.page.locator(".stale").first();
        await expect(stale, view.name).toContainText("Showing the last good data from", { timeout: 20_000 });
        await expect(stale, view.name).toContainText(kind.says);
        await expect(stale, view.name).toContainText("Retrying automatically every 5 s.");
        await expect(view.data(view.page), `${view.name} keeps its data`).toBeVisible();
      }
      // A page first opened during the fault has nothing to keep: it says so, and retries.
      const fresh = await context.newPage();
      await fresh.goto("/workloads?sortBy=name");
      await expect(fresh.locator(".error")).toContainText(kind.says);
      await expect(fresh.locator(".error")).toContainText("Retrying automatically every 5 s.");
      views.push({ name: "opened during the fault", page: fresh, data: (p) => p.locator("table.workloads tbody tr").first() });
      await hydrated(fresh);
    } finally {
      await faults({});
    }
    for (const view of views) {
      await expect(view.page.locator(".stale, .error"), `${view.name} recovers`).toHaveCount(0, { timeout: 20_000 });
      await expect(view.data(view.page), view.name).toBeVisible();
    }
    await context.close();
  });
}

test("fault drill: the upstream is down (connections refused) and comes back by itself", async ({ browser, baseURL }) => {
  const { context, faults, id } = await setUp(browser, baseURL!);
  const views = await openViews(context, id);
  await faults({ downForMs: 15_000 });
  for (const view of views) {
    const stale = view.page.locator(".stale").first();
    await expect(stale, view.name).toContainText(/cannot reach Run:ai|upstream unavailable/, { timeout: 20_000 });
    await expect(stale).toContainText("Retrying automatically every 5 s.");
  }
  // Nobody can reach a stopped control plane to clear the fault; it returns by itself.
  for (const view of views) {
    await expect(view.page.locator(".stale, .error"), `${view.name} recovers`).toHaveCount(0, { timeout: 30_000 });
    await expect(view.data(view.page)).toBeVisible();
  }
  await context.close();
});

test("a workload page opened during a fault says why, and reloads itself once it clears", async ({ browser, baseURL }) => {
  const { context, faults, id } = await setUp(browser, baseURL!);
  const page = await context.newPage();
  // A running workload the other drills do not keep open, so that no answer about it
  // sits in the read cache when the fault begins.
  await page.goto("/workloads?filterBy=phase%3D%3DRunning&sortBy=name&sortOrder=asc");
  const ids = await rowIds(page);
  const other = ids.find((candidate) => candidate !== id)!;
  try {
    await faults({ errorRate: 1, errorStatus: 500 });
    await page.goto(`/workloads/${other}?range=1h`);
    const error = page.locator(".error");
    await expect(error).toContainText("Could not load the workload:");
    await expect(error).toContainText("Retrying automatically every 5 s.");
    await hydrated(page);
    await expect(page.getByRole("button", { name: "Retry now" })).toBeVisible();
  } finally {
    await faults({});
  }
  // Once the circuit's pause has passed, one of the reloads finds the workload.
  await expect(page.locator(".charts .chart-panel").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".error")).toHaveCount(0);
  await context.close();
});

test("fault drill: tokens expiring mid-session go unnoticed", async ({ browser, baseURL }) => {
  const { context, expireTokens, id } = await setUp(browser, baseURL!);
  const views = await openViews(context, id);
  const table = views[0].page;
  const updated = await table.locator(".status-line time").textContent();
  await expireTokens();
  // The next refresh gets a fresh token behind the scenes and shows new data.
  await expect(table.locator(".status-line time")).not.toHaveText(updated!, { timeout: 15_000 });
  for (const view of views) {
    await expect(view.page.locator(".stale, .error"), view.name).toHaveCount(0);
  }
  await context.close();
});

test("fault drill: the token endpoint is down", async ({ browser, baseURL }) => {
  const { context, faults, expireTokens, id } = await setUp(browser, baseURL!);
  const views = await openViews(context, id);
  try {
    // Token service down first, so the dashboard cannot slip a fresh token in between.
    await faults({ tokenEndpointDown: true });
    await expireTokens();
    for (const view of views) {
      const stale = view.page.locator(".stale").first();
      await expect(stale, view.name).toContainText("its token service failed", { timeout: 20_000 });
      await expect(stale).toContainText("Retrying automatically every 5 s.");
    }
  } finally {
    await faults({});
  }
  for (const view of views) {
    await expect(view.page.locator(".stale, .error"), `${view.name} recovers`).toHaveCount(0, { timeout: 20_000 });
  }
  await context.close();
});

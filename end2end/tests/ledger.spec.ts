import { expect, test, type Page } from "@playwright/test";
import { paintedPixels } from "./helpers";

/** Opens `url` until the collector's first round is in (a fresh dashboard backfills). */
async function openCollected(page: Page, url: string) {
  await expect(async () => {
    await page.goto(url);
    await expect(page.getByRole("status").filter({ hasText: "Collected up to" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
}

test("the ledger changes window and grouping in its URL, leads to the workloads and downloads its CSV", async ({ page }) => {
  await openCollected(page, "/ledger");
  await expect(page.getByRole("heading", { level: 1, name: "GPU waste ledger" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "GPU-hours by project over the last 7 days" })).toBeVisible();
  await expect(page.getByText(/A GPU is idle under 5 % utilization/)).toBeVisible();

  // Window and grouping through the form: the URL is the state.
  const form = page.getByRole("form", { name: "Ledger view" });
  await form.getByLabel("Window").selectOption({ label: "Last 30 days" });
  await form.getByLabel("Group by").selectOption({ label: "Department" });
  await form.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/\/ledger\?window=30d&group=department$/);
  // A week is collected: a 30-day window says where its numbers begin.
  const ranking = page.getByRole("table", {
    name: /^GPU-hours by department since collection began on \d{4}-\d{2}-\d{2} \(the last 30 days asked\)$/,
  });
  await expect(ranking.getByRole("rowheader").filter({ hasText: "research" })).toBeVisible();
  await expect(ranking.getByRole("columnheader", { name: "Idle share" })).toBeVisible();
  // The three numbers add up, idle is told apart, and the days held in part say so.
  await expect(page.getByText(/^[\d.]+ allocated GPU-hours = [\d.]+ idle \(\d+ %\) \+ [\d.]+ busy; the busy GPUs did [\d.]+ GPU-hours of work/)).toBeVisible();
  await page.getByText("The trend as a table").click();
  const days = page.getByRole("table", { name: "GPU-hours per day" });
  // Collected up to a time past midnight, today is held in part (collected up to
  // midnight, every day may be whole: the backfill began at a midnight too).
  const progress = await page.getByRole("status").filter({ hasText: "Collected up to" }).textContent();
  if (!/ 00:00 UTC/.test(progress!)) {
    await expect(days.getByRole("rowheader").filter({ hasText: "(partial)" }).first()).toBeVisible();
  }
  const dayRow = days.getByRole("row").nth(2);
  const [idle, busy, allocated] = (await dayRow.getByRole("cell").allTextContents()).slice(0, 3).map(Number);
  expect(Math.abs(idle + busy - allocated)).toBeLessThanOrEqual(0.11);

  // A typed window.
  await page.getByLabel("Or type a window").fill("36h");
  await page.getByRole("button", { name: "Show window" }).click();
  await expect(page).toHaveURL(/window=36h&group=department/);
  await expect(page.getByRole("heading", { name: "GPU-hours by department over the last 36 hours" })).toBeVisible();

  // The CSV holds the same rows.
  await page.goto("/ledger?window=30d&group=department");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("ledger-department-30d.csv");
  const csv = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(csv).toString("utf8");
  expect(text.split("\n")[0]).toBe(
    // The demo prices its GPU-hours: what they cost follows the idle share.
    "Department,id,allocated GPU-hours,idle GPU-hours,idle share,idle cost (USD),allocated cost (USD),used GPU-hours,workloads,most idle workloads",
  );
  expect(text).toContain("\nresearch,1,");

  // A row leads to its workloads in the table.
  await page.getByRole("link", { name: "Workloads of research" }).click();
  await expect(page).toHaveURL(/\/workloads\?filterBy=departmentId%3D%3D1/);
  await expect(page.locator("table.workloads tbody tr").first()).toBeVisible();

  // The trend is drawn.
  await page.goto("/ledger");
  await expect(page.getByRole("img", { name: "Idle and used GPU-hours per day" }).locator("canvas")).toBeVisible();
});

test("alice sees only her department's rows in the ledger", async ({ browser, baseURL }) => {
  const user = baseURL!.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`);
  const alice = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await alice.goto(`${user}/ledger?group=department`);
  await alice.getByLabel("Client ID").fill("alice");
  await alice.getByLabel("Client secret").fill("alice");
  await alice.getByRole("button", { name: "Sign in with access key" }).click();
  await openCollected(alice, `${user}/ledger?group=department`);
  const ranking = alice.getByRole("table", { name: "GPU-hours by department over the last 7 days" });
  await expect(ranking.getByRole("rowheader")).toHaveCount(1);
  await expect(ranking.getByRole("rowheader")).toContainText("research");
  for (const other of ["applied-ml", "platform", "inference"]) {
    await expect(ranking).not.toContainText(other);
  }
});

test("grouped by person, service accounts are summed apart from people", async ({ page }) => {
  await openCollected(page, "/ledger?group=person");
  const people = page.getByRole("region", { name: "People" });
  const services = page.getByRole("region", { name: "Service accounts" });
  await expect(people.getByRole("link", { name: "Workloads of ada@runboard.demo" })).toBeVisible();
  await expect(services.getByRole("link", { name: "Workloads of ci-bot" })).toBeVisible();
  await expect(services.getByRole("link", { name: "Workloads of svc-pipeline@runboard.demo" })).toBeVisible();
  await expect(people.getByText("ci-bot")).toHaveCount(0);
  // Each part has its own sum.
  await expect(services.getByText(/^[\d.]+ allocated GPU-hours, [\d.]+ idle \(\d+ %\)\.$/)).toBeVisible();
});

test("prices and budgets: what the GPU time cost, idle first, and where each budget is heading", async ({ page }) => {
  // The demo has prices and budgets of its own.
  await openCollected(page, "/ledger");
  const ranking = page.getByRole("table", { name: "GPU-hours by project over the last 7 days" });
  await expect(ranking.getByRole("columnheader", { name: "Idle cost" })).toBeVisible();
  await expect(ranking.getByRole("columnheader", { name: "Allocated cost" })).toBeVisible();
  await expect(page.getByText(/At the configured prices they cost [\d,]+ USD, of which [\d,]+ USD idle\./)).toBeVisible();
  const budgets = page.getByRole("region", { name: /^Budgets for \d{4}-\d{2} \(UTC\)$/ });
  const vision = budgets.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "vision" }) });
  await expect(vision.getByRole("cell").first()).toHaveText("9000.0 GPU-h");
  await expect(vision.getByRole("cell").last()).toHaveText(/^(Used up on|Around) \d{4}-\d{2}-\d{2}|^Not this month at this pace$/);
  const chart = (await budgets.getByRole("img").getAttribute("aria-label"))!;
  expect(chart).toMatch(/share of each budget used by day$/);
  await expect.poll(() => paintedPixels(page, chart)).toBeGreaterThan(2000);
});

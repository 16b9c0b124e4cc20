import { expect, test, type Page } from "@playwright/test";
import { adminState } from "../accounts";
import { chartSeries, chartSettled, hydrated, paintedPixels, rowIds } from "./helpers";

test("a running training workload shows its sections and drawn GPU and CPU charts", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // The longest-running one: a workload that started a minute ago has one sample.
  await page.goto("/workloads?filterBy=type%3D%3DTraining%2Cphase%3D%3DRunning&sortBy=createdAt&sortOrder=asc");
  await page.locator("table.workloads tbody th a").first().click();
  await expect(page).toHaveURL(/\/workloads\/[0-9a-f-]{36}\?back=/);
  await hydrated(page);
  for (const section of ["Resources", "Pods", "What it runs", "Connections", "Conditions"]) {
    await expect(page.getByRole("heading", { level: 2, name: section, exact: true }).first()).toBeVisible();
  }
  for (const chart of ["GPU utilization over time", "CPU over time", "Pods over time"]) {
    await expect.poll(async () => (await chartSeries(page, chart))[0]?.data.length ?? 0, { message: chart }).toBeGreaterThan(5);
    await expect.poll(() => paintedPixels(page, chart), { message: chart }).toBeGreaterThan(2000);
  }
  expect(errors).toEqual([]);

  await page.getByRole("link", { name: "← Workloads" }).click();
  await expect(page).toHaveURL(/\/workloads\?filterBy=type%3D%3DTraining%2Cphase%3D%3DRunning&sortBy=createdAt&sortOrder=asc$/);
});

test("a serving inference workload charts requests and latency percentiles", async ({ page }) => {
  // The longest-serving one, as above: the newest may have started too recently to chart.
  await page.goto("/workloads?filterBy=type%3D%3DInference%2Cphase%3D%3DRunning%2CidleAllocatedGpus%3D%3D0&sortBy=createdAt&sortOrder=asc");
  await page.locator("table.workloads tbody th a").first().click();
  await hydrated(page);
  for (const chart of ["Inference requests over time", "Time to first token over time", "End-to-end latency over time", "KV-cache usage over time"]) {
    await expect.poll(async () => (await chartSeries(page, chart))[0]?.data.length ?? 0, { message: chart }).toBeGreaterThan(5);
  }
  const ttft = await chartSeries(page, "Time to first token over time");
  expect(ttft.map((s) => s.name)).toEqual(["p50", "p90", "p99"]);
  await expect(page.getByRole("table", { name: /Time to first token: requests served/ })).toBeVisible();
});

test("the time range lives in the URL, survives a reload, and a frozen link shows the same window elsewhere", async ({ page, browser }) => {
  await page.goto("/workloads?filterBy=phase%3D%3DRunning");
  await page.locator("table.workloads tbody th a").first().click();
  await hydrated(page);
  const ranges = page.getByRole("navigation", { name: "Time range" });
  await ranges.getByRole("link", { name: "6 hours" }).click();
  await expect(page).toHaveURL(/range=6h/);
  await expect(ranges.getByRole("link", { name: "6 hours" })).toHaveAttribute("aria-current", "true");
  await page.reload();
  await expect(ranges.getByRole("link", { name: "6 hours" })).toHaveAttribute("aria-current", "true");

  const frozen = await page.getByRole("link", { name: "Link to this exact window" }).getAttribute("href");
  expect(frozen).toMatch(/from=.*&to=/);
  const params = new URL(frozen!, "http://x").searchParams;
  const window = [Date.parse(params.get("from")!), Date.parse(params.get("to")!)];
  // Another browser signed in as the same admin (the demo's shared session state).
  const colleague = await (await browser.newContext({ storageState: adminState })).newPage();
  await colleague.goto(frozen!);
  await expect.poll(() => windowShown(colleague)).toEqual(window);
  // …and it stays that window: a frozen range does not move with the clock.
  await colleague.waitForTimeout(1500);
  expect(await windowShown(colleague)).toEqual(window);
});

test("a pending workload says why it waits", async ({ page }) => {
  await page.goto("/workloads?filterBy=phase%3D%3DPending&pageSize=500");
  await page.locator('table.workloads tbody tr:has(span.badge[title*="quota"]) th a').first().click();
  await expect(page.getByRole("heading", { name: "Why is it pending?" })).toBeVisible();
  await expect(page.locator(".why")).toContainText("In node pool");
});

test("an unknown workload is a 404 page", async ({ page }) => {
  const response = await page.goto("/workloads/00000000-0000-4000-8000-000000000000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Workload not found" })).toBeVisible();
});

test("dragging across a chart zooms every chart to that window", async ({ page }) => {
  await page.goto("/workloads?filterBy=type%3D%3DTraining%2Cphase%3D%3DRunning%2CtotalRunningTimeSeconds%3E%3D7200");
  await page.locator("table.workloads tbody th a").first().click();
  await hydrated(page);
  const chart = page.getByRole("img", { name: "GPU utilization over time" });
  await expect.poll(() => paintedPixels(page, "GPU utilization over time")).toBeGreaterThan(2000);
  const before = await page.getByTestId("window").textContent();
  await chart.scrollIntoViewIfNeeded();
  await chartSettled(page, "GPU utilization over time");
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.65, box.y + box.height * 0.55, { steps: 8 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=.*&to=/);
  await expect(page.getByTestId("window")).not.toHaveText(before!);
  const [from, to] = await windowShown(page);
  expect(to - from).toBeLessThan(3600 * 1000 * 0.5); // about 30 % of the hour
  expect(to - from).toBeGreaterThan(0);
});

test("auto-refresh moves a relative window forward", async ({ page }) => {
  await page.goto("/workloads?filterBy=phase%3D%3DRunning");
  await page.locator("table.workloads tbody th a").first().click();
  await hydrated(page);
  // Let the post-hydration fetch (samples fitted to the width) settle, then check the
  // window holds still without auto-refresh.
  await page.waitForTimeout(1000);
  const before = await page.getByTestId("window").textContent();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId("window")).toHaveText(before!);
  await page.getByRole("navigation", { name: "Time range" }).getByLabel("Auto-refresh").selectOption("5s");
  await expect(page).toHaveURL(/refresh=5s/);
  await expect(page.getByTestId("window")).not.toHaveText(before!, { timeout: 12_000 });
});

test("an absolute window can be typed", async ({ page }) => {
  await page.goto("/workloads?filterBy=phase%3D%3DRunning");
  await page.locator("table.workloads tbody th a").first().click();
  await hydrated(page);
  const now = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 16);
  await page.getByLabel("From (UTC)").fill(iso(new Date(now.getTime() - 2 * 3600_000)));
  await page.getByLabel("To (UTC)").fill(iso(new Date(now.getTime() - 3600_000)));
  await page.getByRole("button", { name: "Show window" }).click();
  await expect(page).toHaveURL(/from=.*&to=/);
  const [from, to] = await windowShown(page);
  expect(to - from).toBe(3600_000);
});

test("a time range the page cannot use is explained by the range bar, which shows the last hour", async ({ page }) => {
  await page.goto("/workloads?filterBy=phase%3D%3DRunning");
  const href = (await page.locator("table.workloads tbody th a").first().getAttribute("href"))!;
  const path = href.split("?")[0];
  await page.goto(`${path}?range=2d&refresh=2s`);
  await hydrated(page);
  const ranges = page.getByRole("navigation", { name: "Time range" });
  await expect(ranges.getByRole("alert").filter({ hasText: "range: “2d” is not one of 15m, 1h, 6h, 24h, 7d" })).toBeVisible();
  await expect(ranges.getByRole("alert").filter({ hasText: "refresh: “2s” is not off, 5s, 10s, 30s or 1m" })).toBeVisible();
  await expect(ranges.getByRole("link", { name: "1 hour" })).toHaveAttribute("aria-current", "true");
  // Choosing a range leaves the problem behind.
  await ranges.getByRole("link", { name: "6 hours" }).click();
  await expect(page).toHaveURL(/range=6h/);
  await expect(ranges.getByRole("alert").filter({ hasText: "2d" })).toHaveCount(0);
});

test("a metrics CSV asked for with a bad window is a plain 400 that names the parameter", async ({ page }) => {
  await page.goto("/workloads?filterBy=phase%3D%3DRunning");
  const [id] = await rowIds(page);
  for (const [query, says] of [
    ["range=2d", "range: “2d” is not one of"],
    ["from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from: “from” must be before “to”"],
  ]) {
    const response = await page.request.get(`/export/workloads/${id}/metrics.csv?${query}`);
    expect(response.status(), query).toBe(400);
    expect(response.headers()["content-type"]).toContain("text/plain");
    expect(await response.text()).toContain(says);
  }
});

/** The window the charts show, as instants (the page writes it in the viewer's zone). */
async function windowShown(page: Page): Promise<number[]> {
  return page
    .getByTestId("window")
    .locator("time")
    .evaluateAll((times) => times.map((t) => Date.parse(t.getAttribute("datetime")!)));
}

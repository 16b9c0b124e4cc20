import { expect, test } from "@playwright/test";
import { chartSettled, hydrated } from "./helpers";

// What a first visit downloads: the table page fetches neither ECharts nor the chart
// islands' WASM chunks; opening a workload from it fetches both (only the ECharts build
// for line charts), and its charts draw.
test("the table loads no chart code; a workload page loads it on the way in", async ({ page }) => {
  const fetched: string[] = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));

  await page.goto("/workloads?filterBy=phase%3D%3DRunning&sortBy=createdAt&sortOrder=asc");
  await hydrated(page);
  await expect(page.locator("table.workloads tbody tr").first()).toBeVisible();
  const forTable = [...fetched];
  expect(forTable.some((path) => /^\/pkg\/runboard\..+\.wasm$/.test(path)), forTable.join("\n")).toBe(true);
  expect(forTable.filter((path) => path.startsWith("/vendor/echarts")), "ECharts on the table").toEqual([]);
  expect(forTable.filter((path) => path.includes("/pkg/split_")), "island chunks on the table").toEqual([]);

  // Into a workload page by its link, as a person would.
  await page.locator("table.workloads tbody th a").first().click();
  await expect(page).toHaveURL(/\/workloads\/[0-9a-f-]{36}/);
  await chartSettled(page, "GPU utilization over time");
  const later = fetched.slice(forTable.length);
  expect(later.some((path) => path.startsWith("/pkg/split_workload_charts_live_loader_")), later.join("\n")).toBe(true);
  expect(later, "the line charts' ECharts build").toContain("/vendor/echarts-lines.min.js");
  expect(later, "not the bars' build").not.toContain("/vendor/echarts-bars.min.js");
});

test("a return visit takes the hashed script, WASM and stylesheet from the cache", async ({ page }) => {
  // The bytes each /pkg asset cost this page load (0: from the browser's cache).
  const transferred = () =>
    page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((entry) => new URL(entry.name).pathname.startsWith("/pkg/"))
        .map((entry) => ({ path: new URL(entry.name).pathname, bytes: entry.transferSize })),
    );
  await page.goto("/workloads");
  await hydrated(page);
  const first = await transferred();
  expect(first.length, "script, WASM and stylesheet").toBeGreaterThanOrEqual(3);
  expect(first.every((asset) => asset.bytes > 0), JSON.stringify(first)).toBe(true);

  await page.goto("/workloads?limit=25");
  await hydrated(page);
  const again = await transferred();
  expect(again.length).toBeGreaterThanOrEqual(3);
  expect(again.filter((asset) => asset.bytes > 0), "fetched again").toEqual([]);
});

import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { chartSeries, chartSettled, hydrated, paintedPixels, withinOneMoment } from "./helpers";

test("tiles agree with the table's counts and lead to it", async ({ page }) => {
  test.setTimeout(90_000);
  await withinOneMoment(async () => {
    await page.goto("/overview");
    await hydrated(page);
    const tiles = page.getByRole("navigation", { name: "Cluster now" });
    const running = tiles.getByRole("link", { name: /running$/ });
    const count = Number((await running.locator(".tile-value").textContent())!);
    expect(count).toBeGreaterThan(0);
    await running.click();
    await expect(page).toHaveURL(/\/workloads\?filterBy=phase%3D%3DRunning$/);
    await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Status is Running");
    expect(await page.getByTestId("total").textContent()).toBe(String(count));
  });

  await page.goto("/overview");
  await page.getByRole("region", { name: "Longest pending" }).getByRole("link").nth(1).click();
  await expect(page).toHaveURL(/\/workloads\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Why is it pending?" })).toBeVisible();
});

test("the header says who the dashboard acts as and against which upstream", async ({ page }) => {
  await page.goto("/overview");
  await expect(page.getByLabel("Signed in")).toContainText("as runboard-admin · demo simulator");
});

test("GPU allocation by department and phase, regrouped by the picker, drills into the table", async ({ page }) => {
  await page.goto("/overview");
  await hydrated(page);
  const gpus = page.getByRole("region", { name: "Allocated GPUs" });
  const chartName = "Allocated GPUs by DepartmentId and Phase";
  await expect.poll(async () => (await chartSeries(page, chartName)).length).toBeGreaterThan(1);
  await expect.poll(() => paintedPixels(page, chartName)).toBeGreaterThan(2000);
  // Department names, not ids, label the table.
  await expect(gpus.getByRole("table")).toContainText("research");

  await page.getByLabel("then by").selectOption("none");
  await expect(page).toHaveURL(/groupBy=DepartmentId/);
  await page.getByLabel("Group by").selectOption("Type");
  await expect(page).toHaveURL(/\/overview\?groupBy=Type$/);
  const donut = "Workloads by Type";
  await expect.poll(async () => (await chartSeries(page, donut))[0]?.data.length ?? 0).toBeGreaterThan(3);
  await page.reload();
  await expect(page.getByLabel("Group by")).toHaveValue("Type");

  // Clicking a donut segment opens the table filtered to it.
  const region = page.getByRole("img", { name: donut });
  await region.scrollIntoViewIfNeeded();
  // ECharts is fetched by the chart itself, so after a reload the donut may still be
  // growing in: click only once it stands still.
  await chartSettled(page, donut);
  const box = (await region.boundingBox())!;
  const radius = Math.min(box.width, box.height) / 2;
  await page.mouse.click(box.x + box.width / 2 + radius * 0.55, box.y + box.height / 2);
  await expect(page).toHaveURL(/\/workloads\?filterBy=type%3D%3D/);
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Type is");
});

test("a table-view number drills into the same filter, and the CSV downloads", async ({ page }) => {
  test.setTimeout(90_000);
  await withinOneMoment(async () => {
    await page.goto("/overview?groupBy=Phase");
    await hydrated(page);
    const workloads = page.getByRole("region", { name: "Workloads" });
    const row = workloads.getByRole("row").filter({ hasText: "Pending" });
    const expected = await row.getByRole("link").textContent();
    await row.getByRole("link").click();
    await expect(page).toHaveURL(/filterBy=phase%3D%3DPending/);
    expect(await page.getByTestId("total").textContent()).toBe(expected);
  });

  await page.goto("/overview?groupBy=Phase");
  await hydrated(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download Workloads CSV" }).click(),
  ]);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toBe("Phase,PhaseName,value");
  expect(csv).toContain("Pending,,");
});

test("an overview URL it cannot use is explained, and the default grouping shown", async ({ page }) => {
  await page.goto("/overview?groupBy=Colour&refresh=2s");
  await expect(page.getByRole("alert").filter({ hasText: "groupBy: “Colour” is not a grouping key" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "refresh: “2s” is not off, 5s, 10s, 30s or 1m" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Allocated GPUs" })).toBeVisible();
});

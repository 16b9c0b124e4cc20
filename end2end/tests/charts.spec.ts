import { expect, test } from "@playwright/test";
import { chartSeries, hydrated } from "./helpers";

test("many GPUs read as their mean with the highest and lowest, and each GPU on demand", async ({ page }) => {
  // A running workload on several GPUs.
  await page.goto("/workloads?filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D4&sortBy=createdAt&sortOrder=asc");
  await page.locator("table.workloads tbody th a").first().click();
  await hydrated(page);
  const chart = "GPU utilization over time";
  const names = async () => (await chartSeries(page, chart)).map((s: { name: string }) => s.name);
  await expect.poll(names).toEqual(["Mean of the GPUs", "Highest GPU", "Lowest GPU"]);

  await page.getByRole("link", { name: "Show each GPU" }).click();
  await expect(page).toHaveURL(/[?&]gpus=each/);
  await hydrated(page);
  await expect.poll(async () => (await names()).filter((n) => /^GPU \d+$/.test(n)).length).toBeGreaterThanOrEqual(4);
  expect(await names()).toContain("Mean of the GPUs");
  // A preset keeps the choice; the other way back is one link away.
  await page.getByRole("navigation", { name: "Time range" }).getByRole("link", { name: "1 hour" }).click();
  await expect(page).toHaveURL(/[?&]gpus=each/);
  await page.getByRole("link", { name: "Show the GPUs' mean and range" }).click();
  await expect(page).not.toHaveURL(/gpus=/);
});

test("a status has one colour on both of the overview's charts", async ({ page }) => {
  await page.goto("/overview?groupBy=Type,Phase");
  await hydrated(page);
  const colours = async (name: string) =>
    page.getByRole("img", { name }).evaluate((el) => {
      const option = (window as any).echarts?.getInstanceByDom(el)?.getOption();
      const found: Record<string, string> = {};
      for (const s of option?.series ?? []) {
        if (s.itemStyle?.color) found[s.name] = s.itemStyle.color;
        for (const d of s.data ?? []) if (d?.itemStyle?.color) found[d.name] = d.itemStyle.color;
      }
      return found;
    });
  const charts = await page.getByRole("img").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")!));
  expect(charts.length).toBeGreaterThanOrEqual(2);
  await expect.poll(async () => Object.keys(await colours(charts[0])).length).toBeGreaterThan(0);
  const first = await colours(charts[0]);
  const second = await colours(charts[1]);
  for (const [status, colour] of Object.entries(first)) {
    if (status in second) expect(second[status], status).toBe(colour);
  }
  expect(first["Running"] ?? second["Running"]).toBeTruthy();
});

import { expect, test, type Page } from "@playwright/test";

/** Collects console errors and uncaught exceptions; a clean page has none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** The option ECharts is drawing in the chart named `name`, read from ECharts itself. */
async function chartSeries(page: Page, name: string) {
  return page.getByRole("img", { name }).evaluate((el) => {
    const chart = (window as any).echarts?.getInstanceByDom(el);
    const series = chart?.getOption()?.series ?? [];
    return series.map((s: any) => ({ name: s.name as string, data: s.data as [number, number][] }));
  });
}

/** How many pixels of the chart's canvas have been painted. */
async function paintedPixels(page: Page, name: string) {
  return page
    .getByRole("img", { name })
    .locator("canvas")
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;
    });
}

test("the trace page is server-rendered, hydrates and charts the server's data", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/trace");
  await expect(page.getByRole("heading", { level: 1, name: "H100 trace" })).toBeVisible();
  // Live numbers from the embedded simulator, through the server's Run:ai client.
  const summary = page.getByRole("region", { name: "Cluster now" });
  await expect(summary).toContainText("Live from the embedded Run:ai simulator");
  expect(Number(await summary.getByTestId("running").textContent())).toBeGreaterThan(0);
  const table = page.getByRole("table", { name: /^GPU utilization on NVIDIA H100.*\(590 samples\)$/ });
  await expect(table.getByRole("rowheader")).toHaveText(["idle", "train", "serve", "idle_allocated"]);
  await hydrated(page);

  const chartName = "GPU utilization over time";
  await expect(page.getByRole("img", { name: chartName }).locator("canvas")).toBeVisible();
  await expect.poll(async () => (await chartSeries(page, chartName))[0]?.data.length).toBe(590);
  const [series] = await chartSeries(page, chartName);
  expect(series.name).toBe("GPU utilization");

  // The chart draws the same numbers the table summarizes.
  const peaks = await table
    .locator("td[data-value]")
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute("data-value"))));
  const chartPeak = Math.max(...series.data.map(([, y]) => y));
  expect(chartPeak).toBeCloseTo(Math.max(...peaks), 3);
  expect(chartPeak).toBeGreaterThan(90);

  await expect.poll(() => paintedPixels(page, chartName)).toBeGreaterThan(2000);
  expect(errors).toEqual([]);
});

test("choosing a metric changes the URL, table and chart without a reload; back undoes it", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/trace");
  await hydrated(page);
  await page.evaluate(() => ((window as any).__sameDocument = true));

  const picker = page.getByRole("navigation", { name: "Metric" });
  await expect(picker.getByRole("link", { name: "GPU utilization" })).toHaveAttribute("aria-current", "page");
  await expect(picker.locator("[aria-current]")).toHaveCount(1);
  await picker.getByRole("link", { name: "Power" }).click();

  await expect(page).toHaveURL(/\/trace\?metric=power$/);
  await expect(picker.getByRole("link", { name: "Power" })).toHaveAttribute("aria-current", "page");
  await expect(picker.locator("[aria-current]")).toHaveCount(1);
  const table = page.getByRole("table", { name: /^Power on NVIDIA H100/ });
  await expect(table).toBeVisible();
  await expect(table.getByRole("cell", { name: / W$/ }).first()).toBeVisible();

  const chartName = "Power over time";
  await expect.poll(async () => (await chartSeries(page, chartName))[0]?.name).toBe("Power");
  const [series] = await chartSeries(page, chartName);
  const watts = Math.max(...series.data.map(([, y]) => y));
  expect(watts).toBeGreaterThan(200); // an H100 under training load draws hundreds of watts
  await expect.poll(() => paintedPixels(page, chartName)).toBeGreaterThan(2000);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  await page.goBack();
  await expect(page).toHaveURL(/\/trace$/);
  await expect(page.getByRole("table", { name: /^GPU utilization on/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a shared link opens the same view, and a bad one says why", async ({ page }) => {
  await page.goto("/trace?metric=gpu_memory");
  await expect(page.getByRole("table", { name: /^GPU memory on NVIDIA H100/ })).toBeVisible();
  await expect(page.getByRole("table").getByRole("cell", { name: /GiB$/ }).first()).toBeVisible();

  const response = await page.goto("/trace?metric=bogus");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("unknown metric “bogus”");
});

test("health and static assets are served", async ({ request }) => {
  expect((await request.get("/healthz")).status()).toBe(200);
  expect((await request.get("/favicon.svg")).status()).toBe(200);
  expect((await request.get("/vendor/echarts.min.js")).status()).toBe(200);
  // The page links its script, WASM and stylesheet by content-hashed names, cached
  // for a year and sent precompressed.
  const html = await (await request.get("/login")).text();
  const assets = [...new Set(html.match(/\/pkg\/runboard[^"]*\.(js|wasm|css)/g))];
  expect(assets.map((name) => name.split(".").pop()).sort()).toEqual(["css", "js", "wasm"]);
  for (const asset of assets) {
    const response = await request.get(asset, { headers: { "accept-encoding": "br" } });
    expect(response.status(), asset).toBe(200);
    expect(response.headers()["cache-control"], asset).toBe("public, max-age=31536000, immutable");
    expect(response.headers()["content-encoding"], asset).toBe("br");
  }
});

import { expect, type Page } from "@playwright/test";

/** Waits until the WASM app has taken over the page. */
export async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** The embedded simulator's address, which the header names (as "demo simulator") for
 *  whoever hovers over it; its admin key drives the fault drills. */
export async function simulatorUrl(page: Page) {
  const source = page.getByRole("group", { name: "Signed in" }).getByText("demo simulator");
  return (await source.getAttribute("title"))!;
}

/** The series ECharts is drawing in the chart named `name`, read from ECharts itself. */
export async function chartSeries(page: Page, name: string) {
  return page.getByRole("img", { name }).evaluate((el) => {
    const chart = (window as any).echarts?.getInstanceByDom(el);
    const series = chart?.getOption()?.series ?? [];
    return series.map((s: any) => ({ name: s.name as string, data: s.data as [number, number][] }));
  });
}

/** How many pixels of the chart's canvas have been painted. */
export async function paintedPixels(page: Page, name: string) {
  return page
    .getByRole("img", { name })
    .locator("canvas")
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      if (canvas.width === 0 || canvas.height === 0) return 0;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;
    });
}

/** Waits until the chart named `name` is drawn and its entry animation has finished
 *  (two readings 300 ms apart paint the same pixels), so a click lands where it aims. */
export async function chartSettled(page: Page, name: string) {
  await expect
    .poll(async () => {
      const before = await paintedPixels(page, name);
      await page.waitForTimeout(300);
      const after = await paintedPixels(page, name);
      return before > 2000 && before === after;
    }, { message: `${name} settles` })
    .toBe(true);
}

/** How long a tile's or table's answer may be served from the dashboard's read cache
 *  (`RUNAI_CACHE_MS`, 4 s by default), plus a margin. */
export const readCacheMs = 4_500;

/** Runs `check` until one attempt passes whole. The simulated cluster lives: two answers
 *  read moments apart (a tile and the table it leads to, a page and its CSV) can straddle
 *  a workload changing phase. Each attempt reads afresh, so a real disagreement fails
 *  every attempt and the test fails; a workload that moved fails only one. */
export async function withinOneMoment(check: () => Promise<void>) {
  await expect(check).toPass({ timeout: 75_000, intervals: [readCacheMs] });
}

/** Every page a person opens: the lists, a pending and a running workload's pages, a
 *  comparison of two, and an address that does not exist. */
export async function everyPage(page: Page): Promise<string[]> {
  await page.goto("/workloads?filterBy=phase%3D%3DPending&sortBy=createdAt&sortOrder=desc");
  const pending = await page.locator("table.workloads tbody th a").first().getAttribute("href");
  await page.goto("/workloads?filterBy=phase%3D%3DRunning");
  const runningLinks = await page
    .locator("table.workloads tbody th a")
    .evaluateAll((links) => links.slice(0, 2).map((a) => a.getAttribute("href")!));
  const running = runningLinks[0];
  const compared = runningLinks.map((href) => href.split("?")[0].split("/").pop()).join(",");
  return [
    "/workloads",
    "/overview",
    "/queue",
    "/ledger",
    "/failures",
    "/alerts",
    "/digest",
    pending!,
    running!,
    `/compare?ids=${compared}`,
    "/no-such-page",
  ];
}

/** The ids of the workloads table's rows on screen, in order (from each row's link). */
export async function rowIds(page: Page): Promise<string[]> {
  return page
    .locator("table.workloads tbody th a")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!.split("?")[0].split("/").pop()!));
}

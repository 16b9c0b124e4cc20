import { expect, type Page } from "@playwright/test";

/** Waits until the WASM app has taken over the page. */
export async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
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

import { test, type Browser, type Page } from "@playwright/test";

// The browser figures of BENCHMARKS.md on loopback, medians of RUNS page loads each:
// - time to interactive of /workloads: navigation start → the WASM has hydrated the
//   page (`data-hydrated` on <html>), with an empty cache (first visit) and with the
//   HTTP cache warm (a return visit: hashed assets come from the cache);
// - time to draw a workload page's charts with 1000 samples per series: navigation
//   start → every chart's canvas painted, its series holding the 1000 samples asked for.
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function signedIn(browser: Browser, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 1000 } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in as runboard-admin" }).click();
  await page.waitForURL(/\/workloads/);
  return { context, page };
}

/** ms from navigation start until <html data-hydrated>, to the animation frame. */
async function timeToInteractive(page: Page, path: string) {
  await page.goto(path, { waitUntil: "commit" });
  const at = await page.waitForFunction(
    () => document.documentElement.getAttribute("data-hydrated") === "true" && performance.now(),
    undefined,
    { polling: "raf", timeout: 30_000 },
  );
  return (await at.jsonValue()) as number;
}

test("time to interactive of /workloads", async ({ browser }) => {
  const { context, page } = await signedIn(browser);
  const cdp = await context.newCDPSession(page);
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await cdp.send("Network.clearBrowserCache");
    cold.push(await timeToInteractive(page, "/workloads"));
    warm.push(await timeToInteractive(page, "/workloads"));
  }
  console.log(`TTI /workloads, empty cache: median ${median(cold).toFixed(0)} ms (${cold.map((t) => t.toFixed(0)).join(", ")})`);
  console.log(`TTI /workloads, warm cache: median ${median(warm).toFixed(0)} ms (${warm.map((t) => t.toFixed(0)).join(", ")})`);
  await context.close();
});

test("time to draw a workload page's charts with 1000 samples", async ({ browser }) => {
  // The page asks for one sample per 4 px of window width, at most 1000.
  const { context, page } = await signedIn(browser, 4000);
  await page.goto("/workloads?filterBy=phase%3D%3DRunning&sortBy=createdAt&sortOrder=asc");
  const href = await page.getByRole("table").locator("tbody").getByRole("link").first().getAttribute("href");
  const times: number[] = [];
  let shape = "";
  for (let run = 0; run < RUNS; run++) {
    await page.goto(`${href!.split("?")[0]}?range=1h`, { waitUntil: "commit" });
    const drawn = await page.waitForFunction(
      () => {
        const charts = [...document.querySelectorAll<HTMLElement>('main [role="img"].chart')];
        const echarts = (window as any).echarts;
        if (charts.length === 0 || !echarts) return false;
        let longest = 0;
        for (const chart of charts) {
          const instance = echarts.getInstanceByDom(chart);
          const series = instance?.getOption()?.series;
          if (!series) return false;
          for (const s of series) longest = Math.max(longest, s.data?.length ?? 0);
          const canvas = chart.querySelector("canvas");
          if (!canvas || canvas.width === 0) return false;
          const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length && painted <= 2000; i += 4) if (data[i] > 0) painted++;
          if (painted <= 2000) return false;
        }
        // The server renders 120 samples; the browser then asks for 1000 (a counter's
        // rate has one point fewer).
        if (longest < 999) return false;
        const points = charts.map((chart) =>
          echarts.getInstanceByDom(chart).getOption().series.map((s: any) => s.data.length).join("+"),
        );
        return { at: performance.now(), charts: charts.length, points: points.join(", ") };
      },
      undefined,
      { polling: "raf", timeout: 60_000 },
    );
    const value = await drawn.jsonValue();
    times.push(value.at);
    shape = `${value.charts} charts, points per series: ${value.points}`;
  }
  console.log(`charts drawn, 1000 samples: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(", ")}); ${shape}`);
  await context.close();
});

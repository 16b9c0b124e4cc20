import { expect, test, type Page } from "@playwright/test";
import { adminState } from "../accounts";
import { chartSettled, hydrated } from "./helpers";

// One time rule: fields and chart axes in the viewer's zone — the browser's by default,
// or the one chosen in the header, which the link then names.
test.use({ timezoneId: "Asia/Tokyo", locale: "en-US" });

/** The hour (0–23) now in `zone`, and the one before. */
function hoursNow(zone: string) {
  const hour = (at: Date) => Number(new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "2-digit", hourCycle: "h23" }).format(at));
  const now = new Date();
  return [hour(now), hour(new Date(now.getTime() - 3_600_000))];
}

/** The hours the first chart's time axis labels read, from ECharts itself. */
async function axisHours(page: Page) {
  const chart = page.getByRole("img", { name: / over time$/ }).first();
  await expect(chart.locator("canvas").first()).toBeVisible();
  return chart.evaluate((el) => {
    const instance = (window as any).echarts.getInstanceByDom(el);
    const labels: string[] = instance.getModel().getComponent("xAxis", 0).axis.getViewLabels().map((l: any) => l.formattedLabel);
    return [...new Set(labels.map((l) => /(\d{1,2}):\d{2}/.exec(l)).filter(Boolean).map((m) => Number(m![1])))];
  });
}

/** The workload page's "Created" field. */
const created = (page: Page) => page.locator("dl.facts div").filter({ hasText: "Created" }).locator("time");

test("times follow the browser's zone, then the zone chosen in the header, which a shared link keeps", async ({ page, browser, baseURL }) => {
  // The longest-running first: a workload that has just started has no metrics yet.
  await page.goto("/workloads?filterBy=phase%3D%3DRunning&sortBy=createdAt&sortOrder=asc");
  await page.locator("table.workloads tbody th a").first().click();
  await hydrated(page);

  // The browser's zone (Tokyo): the field and the chart's axis agree.
  await expect(created(page)).toContainText("GMT+9");
  const tokyo = hoursNow("Asia/Tokyo");
  expect((await axisHours(page)).some((h) => tokyo.includes(h)), "the axis reads Tokyo's hours").toBe(true);

  // Chosen in the header: UTC. The link names it; the field and the axis follow.
  const form = page.getByRole("form", { name: "Time zone" });
  await form.getByLabel("Times in").fill("UTC");
  await form.getByRole("button", { name: "Set zone" }).click();
  await expect(page).toHaveURL(/[?&]tz=UTC/);
  await hydrated(page);
  await expect(created(page)).toContainText("UTC");
  const utc = hoursNow("UTC");
  expect((await axisHours(page)).some((h) => utc.includes(h)), "the axis reads UTC's hours").toBe(true);
  expect((await axisHours(page)).some((h) => tokyo.includes(h) && !utc.includes(h))).toBe(false);

  // A colleague in New York opening the link sees UTC too.
  const colleague = await (await browser.newContext({ storageState: adminState, baseURL, timezoneId: "America/New_York" })).newPage();
  await colleague.goto(page.url());
  await hydrated(colleague);
  await expect(created(colleague)).toContainText("UTC");
  await colleague.goto(page.url().replace("tz=UTC", "tz=Asia%2FTokyo"));
  await expect(created(colleague)).toContainText("GMT+9");
  // Dragging across a chart drawn in Tokyo's time zooms to a window of the last hour,
  // not one nine hours away.
  await hydrated(colleague);
  const chart = colleague.getByRole("img", { name: "GPU utilization over time" });
  await chartSettled(colleague, "GPU utilization over time");
  // The mouse drags only what is on screen.
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  await colleague.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.5);
  await colleague.mouse.down();
  await colleague.mouse.move(box.x + box.width * 0.65, box.y + box.height * 0.55, { steps: 8 });
  await colleague.mouse.up();
  await expect(colleague).toHaveURL(/from=.*&to=.*tz=Asia%2FTokyo|tz=Asia%2FTokyo.*from=.*&to=/);
  const zoomed = new URL(colleague.url()).searchParams;
  const [from, to] = [Date.parse(zoomed.get("from")!), Date.parse(zoomed.get("to")!)];
  expect(from).toBeGreaterThan(Date.now() - 2 * 3_600_000);
  expect(to).toBeLessThan(Date.now() + 300_000);

  // The choice is kept: another page's link names it too.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queue" }).click();
  await expect(page).toHaveURL(/\/queue\?(.*&)?tz=UTC/);

  // Back to the browser's own zone: the link names none.
  await page.getByRole("form", { name: "Time zone" }).getByLabel("Times in").fill("");
  await page.getByRole("form", { name: "Time zone" }).getByRole("button", { name: "Set zone" }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workloads" }).click();
  await expect(page).not.toHaveURL(/tz=/);
});

test("a zone that does not exist is explained and times stay in the browser's zone", async ({ page }) => {
  await page.goto("/workloads?tz=Mars%2FOlympus");
  await hydrated(page);
  await expect(page.getByRole("form", { name: "Time zone" })).toContainText("not a time zone this dashboard knows");
  await expect(page.locator("table.workloads tbody time").first()).toHaveAttribute("title", /GMT\+9/);
});

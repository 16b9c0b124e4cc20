import { type Page, expect, test } from "@playwright/test";
import { adminState } from "../accounts";
import { chartSettled, hydrated, paintedPixels } from "./helpers";

// Comparing workloads as a person does: tick rows in the table, open the comparison,
// line it up another way, zoom one chart, trim the facts, share the link.

const utilization = "GPU utilization over time";

/** Every chart of the comparison: its name, axis type, and the x extent of its lines
 *  (shifted back to UTC where the chart was drawn in the viewer's zone). */
async function charts(page: Page) {
  return page.locator("#comparison [role=img][data-echarts-option]").evaluateAll((els) =>
    els.map((el) => {
      const chart = (window as any).echarts?.getInstanceByDom(el);
      const option = chart?.getOption();
      const shift = Number(el.getAttribute("data-x-shift-ms") ?? 0);
      const xs = (option?.series ?? []).flatMap((s: any) => (s.data as [number, number][]).map((p) => p[0] - shift));
      return {
        name: el.getAttribute("aria-label")!,
        axis: option?.xAxis?.[0]?.type as string,
        lines: (option?.series ?? []).map((s: any) => s.name as string),
        min: Math.min(...xs),
        max: Math.max(...xs),
      };
    }),
  );
}

/** Drags across the middle of the chart named `name`, as a person zooms. */
async function dragAcross(page: Page, name: string) {
  const chart = page.getByRole("img", { name }).first();
  await chart.scrollIntoViewIfNeeded();
  await chartSettled(page, name);
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.65, box.y + box.height * 0.55, { steps: 8 });
  await page.mouse.up();
}

test("three ticked rows compared: realigned, zoomed together, trimmed to what differs, and the same in a colleague's browser", async ({ page, browser }) => {
  await page.goto("/workloads?filterBy=type%3D%3DTraining%2Cphase%3D%3DRunning%2CtotalRunningTimeSeconds%3E%3D7200&sortBy=createdAt&sortOrder=asc");
  await hydrated(page);
  const names = (await page.locator("table.workloads tbody th a").allTextContents()).slice(0, 3).map((n) => n.trim());
  expect(names).toHaveLength(3);
  for (const [i, name] of names.entries()) {
    await page.getByRole("checkbox", { name: `Compare ${name}` }).check();
    await expect(page.getByRole("button", { name: `Compare (${i + 1})` })).toBeVisible();
  }
  // The ticks are in the URL, so the next page keeps them.
  await expect(page).toHaveURL(/compare=[0-9a-f-]{36}%2C[0-9a-f-]{36}%2C[0-9a-f-]{36}/);
  await page.getByRole("button", { name: "Compare (3)" }).click();
  await expect(page).toHaveURL(/\/compare\?ids=/);
  await hydrated(page);
  const compared = page.getByRole("list", { name: "Compared workloads" });
  for (const name of names) await expect(compared).toContainText(name);
  await expect(page.getByRole("table", { name: "Over the window" }).getByRole("rowheader")).toHaveText(names);

  // Lined up by start: one line (or mean) per workload, hours since each started.
  await expect.poll(() => paintedPixels(page, utilization)).toBeGreaterThan(2000);
  let drawn = await charts(page);
  expect(drawn.every((c) => c.axis === "value")).toBe(true);
  for (const name of names) expect(drawn[0].lines.some((line) => line.startsWith(name))).toBe(true);

  // On the clock: the same instants for all.
  await page.getByRole("navigation", { name: "Line up times" }).getByRole("link", { name: "On the clock" }).click();
  await expect(page).toHaveURL(/align=clock/);
  await expect(page.getByRole("link", { name: "On the clock" })).toHaveAttribute("aria-current", "true");
  await expect.poll(async () => (await charts(page)).every((c) => c.axis === "time")).toBe(true);

  // A drag across one chart narrows every chart to that window.
  const before = await page.getByTestId("window").textContent();
  await dragAcross(page, utilization);
  await expect(page).toHaveURL(/from=.*&to=/);
  await expect(page.getByTestId("window")).not.toHaveText(before!);
  const zoomed = new URL(page.url()).searchParams;
  const [from, to] = [Date.parse(zoomed.get("from")!), Date.parse(zoomed.get("to")!)];
  expect(to - from).toBeLessThan(3600 * 1000 * 0.5);
  await expect
    .poll(async () => {
      drawn = await charts(page);
      return drawn.length > 1 && drawn.every((c) => c.min >= from - 60_000 && c.max <= to + 60_000);
    }, { message: "every chart shows the zoomed window" })
    .toBe(true);

  // What differs: identical facts hidden on demand.
  const facts = page.getByRole("table", { name: "Facts of each compared workload" });
  const every = await facts.locator("tbody tr").count();
  await page.getByRole("link", { name: "Hide identical facts" }).click();
  await expect(page).toHaveURL(/facts=differing/);
  await expect(page.getByRole("link", { name: "Show every fact" })).toBeVisible();
  const differing = await facts.locator("tbody tr").count();
  expect(differing).toBeLessThan(every);
  await expect(facts.locator("tbody tr:not(.differs)")).toHaveCount(0);

  // A colleague opens the link in another browser and sees the same comparison.
  const link = page.url();
  const summary = await page.getByRole("table", { name: "Over the window" }).innerText();
  const window = await page.getByTestId("window").textContent();
  const colleague = await (await browser.newContext({ storageState: adminState })).newPage();
  await colleague.goto(link);
  await hydrated(colleague);
  await expect(colleague.getByRole("list", { name: "Compared workloads" })).toContainText(names[2]);
  await expect(colleague.getByTestId("window")).toHaveText(window!);
  await expect.poll(() => colleague.getByRole("table", { name: "Over the window" }).innerText()).toBe(summary);
  await expect(colleague.getByRole("table", { name: "Facts of each compared workload" }).locator("tbody tr")).toHaveCount(differing);
  await colleague.context().close();
});

test("x ticks the focused row, and a workload's page offers to compare it with others of its project", async ({ page }) => {
  await page.goto("/workloads?filterBy=phase%3D%3DRunning");
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("data-shortcuts", "on");
  await page.keyboard.press("j");
  const first = (await page.locator("table.workloads tbody th a").first().textContent())!.trim();
  await page.keyboard.press("x");
  await expect(page).toHaveURL(/compare=[0-9a-f-]{36}/);
  await expect(page.getByRole("checkbox", { name: `Compare ${first}` })).toBeChecked();
  await expect(page.getByRole("button", { name: "Compare (1)" })).toBeVisible();
  // The focus stays on the ticked row, so the next row is one `j` away.
  await expect(page.getByRole("checkbox", { name: `Compare ${first}` })).toBeFocused();
  await page.keyboard.press("j");
  const second = (await page.locator("table.workloads tbody th a").nth(1).textContent())!.trim();
  await expect(page.locator("table.workloads tbody th a").nth(1)).toBeFocused();
  await page.keyboard.press("x");
  await expect(page.getByRole("checkbox", { name: `Compare ${second}` })).toBeChecked();
  await expect(page.getByRole("button", { name: "Compare (2)" })).toBeVisible();

  await page.locator("table.workloads tbody th a").first().click();
  await page.getByRole("link", { name: "Compare with…" }).click();
  await expect(page.getByRole("heading", { name: "Add a workload (1 of at most 4)" })).toBeVisible();
  const project = (await page.getByRole("list", { name: "Compared workloads" }).innerText()).split("— ")[1].split(",")[0];
  const offered = page.getByRole("list", { name: "Workloads to add" }).getByRole("listitem");
  await expect(offered.first()).toContainText(`— ${project},`);
  const added = (await offered.first().getByRole("link").textContent())!.replace(/^Add /, "");
  await offered.first().getByRole("link").click();
  await expect(page.getByRole("list", { name: "Compared workloads" })).toContainText(added);
  await expect(page.getByRole("heading", { name: "Add a workload (2 of at most 4)" })).toBeVisible();
});

test("a workload the viewer may not see, or that does not exist, is named as hidden with why", async ({ browser }) => {
  const admin = await (await browser.newContext({ storageState: adminState })).newPage();
  await admin.goto("/workloads?filterBy=phase%3D%3DRunning%2CdepartmentName%21%3Dresearch");
  const theirs = (await admin.locator("table.workloads tbody th a").first().getAttribute("href"))!.split("?")[0].split("/").pop()!;
  await admin.context().close();

  const alice = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await alice.goto("/login?next=%2Fworkloads%3FfilterBy%3Dphase%253D%253DRunning");
  await alice.getByRole("button", { name: "Sign in as alice" }).click();
  const hers = (await alice.locator("table.workloads tbody th a").first().getAttribute("href"))!.split("?")[0].split("/").pop()!;
  const nobody = "0b0c51a4-0000-4000-8000-00000000dead";
  await alice.goto(`/compare?ids=${hers},${theirs},${nobody}`);
  const compared = alice.getByRole("list", { name: "Compared workloads" });
  await expect(compared.getByRole("listitem")).toHaveCount(3);
  await expect(compared.getByRole("listitem").nth(1)).toContainText(`Hidden workload ${theirs}: you don't have access to it`);
  await expect(compared.getByRole("listitem").nth(2)).toContainText("no workload has this id");
  await expect(alice.getByRole("status").filter({ hasText: "A comparison needs two workloads you can see" })).toBeVisible();
  await alice.context().close();
});

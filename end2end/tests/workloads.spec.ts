import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { adminSecret } from "../accounts";
import { readCacheMs, rowIds, simulatorUrl, withinOneMoment } from "./helpers";

async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}


/** The texts of one column's cells (by header position). */
async function columnTexts(page: Page, header: string): Promise<string[]> {
  const headers = await page.locator("table.workloads thead th").allTextContents();
  const index = headers.findIndex((h) => h.trim().startsWith(header));
  expect(index, `column ${header} in ${headers}`).toBeGreaterThanOrEqual(0);
  return page
    .locator("table.workloads tbody tr")
    .evaluateAll((rows, i) => rows.map((r) => (r.children[i] as HTMLElement).innerText.trim()), index);
}

test("/ leads to the table, which is server-rendered and hydrates", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/workloads$/);
  await expect(page.getByRole("heading", { level: 1, name: "Workloads" })).toBeVisible();
  await expect(page.locator("table.workloads tbody tr")).toHaveCount(50);
  await hydrated(page);
  const firstLink = page.locator("table.workloads tbody th a").first();
  await expect(firstLink).toHaveAttribute("href", /^\/workloads\/[0-9a-f-]{36}$/);
  // From a filtered view, the link carries the table's state for the way back.
  await page.goto("/workloads?filterBy=phase%3D%3DRunning");
  await expect(page.locator("table.workloads tbody th a").first()).toHaveAttribute("href", /\?back=filterBy%3Dphase%253D%253DRunning$/);
});

test("a filter typed in the API's grammar goes to the URL and survives a reload", async ({ page }) => {
  await page.goto("/workloads");
  await hydrated(page);
  const input = page.getByLabel("Add filter");
  await input.fill("phase=Running");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(page.locator("#filter-error")).toContainText("no operator");
  await expect(page).toHaveURL(/\/workloads$/);

  await input.fill("phase==Running");
  await input.press("Enter");
  await expect(page).toHaveURL(/filterBy=phase%3D%3DRunning/);
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Status is Running");
  await expect.poll(() => columnTexts(page, "Status")).not.toContain("Pending");
  const statuses = await columnTexts(page, "Status");
  expect(new Set(statuses)).toEqual(new Set(["Running"]));
  const before = await rowIds(page);

  await page.reload();
  await hydrated(page);
  expect(await rowIds(page)).toEqual(before);

  await page.getByRole("link", { name: "Remove filter phase==Running" }).click();
  await expect(page).toHaveURL(/\/workloads$/);
  await page.goBack();
  await expect(page).toHaveURL(/filterBy=phase%3D%3DRunning/);
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Status is Running");
});

test("phase chips count and filter", async ({ page }) => {
  await page.goto("/workloads");
  await hydrated(page);
  const chips = page.getByRole("navigation", { name: "Workloads by status" });
  const pending = chips.getByRole("link", { name: /^Pending \d+$/ });
  const count = async () => Number((await pending.textContent())!.replace(/\D+/g, ""));
  expect(await count()).toBeGreaterThan(0);
  await pending.click();
  await expect(page).toHaveURL(/filterBy=phase%3D%3DPending/);
  await expect(chips.getByRole("link", { name: /^Pending/ })).toHaveAttribute("aria-current", "true");
  // The simulated cluster lives, so compare within one answer: the filtered total is
  // the chip's count, and every row shown is pending.
  await expect(page.getByTestId("total")).toHaveText(String(await count()));
  const statuses = await page.locator("table.workloads tbody .badge[class*='phase-']").allTextContents();
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["Pending"]));
});

test("headers sort both ways and the pager walks the pages", async ({ page }) => {
  await page.goto("/workloads");
  await hydrated(page);
  const sortByName = page.locator("table.workloads thead").getByRole("link", { name: /^Name/ });
  await sortByName.click();
  await expect(page).toHaveURL(/sortBy=name&sortOrder=asc/);
  await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "ascending");
  // The new view has arrived: the results are no longer marked busy.
  await expect(page.locator("#results")).not.toHaveAttribute("aria-busy", "true");
  const ascending = await columnTexts(page, "Name");
  const sorted = [...ascending].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
  expect(ascending).toEqual(sorted);

  await sortByName.click();
  await expect(page).toHaveURL(/sortBy=name&sortOrder=desc/);
  await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");

  const pageOne = await rowIds(page);
  const pager = page.getByRole("navigation", { name: "Pages" });
  await pager.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(pager).toContainText("Page 2 of");
  const pageTwo = await rowIds(page);
  expect(pageTwo.some((id) => pageOne.includes(id))).toBe(false);
  await pager.getByRole("link", { name: "Last" }).click();
  await expect(pager.getByText("Next")).toHaveAttribute("aria-disabled", "true");
  await pager.getByLabel("Rows per page").selectOption("100");
  await expect(page).toHaveURL(/pageSize=100/);
  await expect(pager).toContainText("Page 1 of");
});

test("search narrows the rows after a pause", async ({ page }) => {
  await page.goto("/workloads");
  await hydrated(page);
  await page.getByLabel("Search").fill("vision");
  await expect(page).toHaveURL(/search=vision/);
  await expect.poll(async () => {
    const rows = await page.locator("table.workloads tbody tr").allInnerTexts();
    return rows.length > 0 && rows.every((r) => r.toLowerCase().includes("vision"));
  }).toBe(true);
});

test("the column chooser changes the table, the URL and what the browser remembers", async ({ page }) => {
  await page.goto("/workloads");
  await hydrated(page);
  await expect(page.getByRole("columnheader", { name: "Submitted by" })).toBeVisible();
  await page.getByText("Columns", { exact: true }).click();
  await page.getByRole("checkbox", { name: "Submitted by" }).uncheck();
  await page.getByRole("checkbox", { name: "Cluster" }).check();
  await expect(page).toHaveURL(/columns=/);
  await expect(page.getByRole("columnheader", { name: "Submitted by" })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: /Cluster/ })).toBeVisible();

  await page.goto("/workloads");
  await hydrated(page);
  await expect(page).toHaveURL(/columns=.*cluster/);
  await expect(page.getByRole("columnheader", { name: "Submitted by" })).toHaveCount(0);
});

test("the CSV download holds the view's rows and visible columns", async ({ page }) => {
  test.setTimeout(90_000);
  const view = "/workloads?filterBy=phase%3D%3DPending&columns=name%2Cphase%2Cproject";
  const total = async () => Number(await page.getByTestId("total").textContent());
  await withinOneMoment(async () => {
    await page.goto(view);
    await hydrated(page);
    const before = await total();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(csv[0]).toBe("Name,Status,Project");
    expect(csv.slice(1).every((line) => line.includes(",Pending,"))).toBe(true);
    // Past the read cache, the page is asked again: the same total both times means no
    // workload entered or left Pending around the download, so the CSV must hold it.
    await page.waitForTimeout(readCacheMs);
    await page.reload();
    expect(await total()).toBe(before);
    expect(csv.length - 1).toBe(before);
  });
});

test("a hostile workload name is shown as text, never run", async ({ page }) => {
  page.on("dialog", () => { throw new Error("a dialog opened: markup was executed"); });
  await page.goto("/workloads?search=script");
  await hydrated(page);
  await expect(page.getByRole("link", { name: "<script>alert('runboard')</script>" })).toBeVisible();
});

test("bad URL parameters are explained next to their controls", async ({ page }) => {
  const response = await page.goto("/workloads?sortBy=colour&filterBy=colour%3D%3Dred");
  expect(response?.status()).toBe(400);
  await expect(page.getByText("sortBy: “colour” is not a sortable field")).toBeVisible();
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("not sent");
  await expect(page.locator("table.workloads tbody tr").first()).toBeVisible();
});

test("auto-refresh keeps the last good rows, marks them stale, and recovers", async ({ page, request }) => {
  await page.goto("/overview");
  const simUrl = await simulatorUrl(page);
  const token = (await (await request.post(`${simUrl}/api/v1/token`, {
    data: { grantType: "client_credentials", clientId: "runboard-admin", clientSecret: adminSecret },
  })).json()).accessToken;
  const faults = (body: object) => request.put(`${simUrl}/api/v1/sim/faults`, { data: body, headers: { authorization: `Bearer ${token}` } });

  await page.goto("/workloads?sortBy=name&sortOrder=asc");
  await hydrated(page);
  await page.getByLabel("Auto-refresh").selectOption("5s");
  await expect(page).toHaveURL(/refresh=5s/);
  const rows = await rowIds(page);
  const updated = await page.locator(".status-line time").textContent();

  try {
    expect((await faults({ errorRate: 1.0, errorStatus: 503 })).status()).toBe(200);
    await expect(page.getByText(/Showing the last good data/)).toBeVisible({ timeout: 15_000 });
    // The rows stay on screen (the simulated cluster lives, so they may differ from the
    // first load by a workload that arrived since).
    expect((await rowIds(page)).length).toBe(rows.length);
  } finally {
    await faults({});
  }
  // Recovery waits for the circuit's pause (10 s here) and the next 5 s tick.
  await expect(page.getByText(/Showing the last good data/)).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator(".status-line time")).not.toHaveText(updated!);
  expect((await rowIds(page)).length).toBe(rows.length);
});

test("a refresh that finds nothing changed costs no body and keeps the rows as they are", async ({ page }) => {
  // One finished workload: nothing about it changes while the test watches.
  await page.goto("/workloads?filterBy=phase%3D%3DCompleted&sortBy=name&sortOrder=asc");
  const name = (await page.locator("table.workloads tbody th a").first().textContent())!.trim();
  const notModified: string[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/workloads?") && response.status() === 304) notModified.push(response.url());
  });
  await page.goto(
    `/workloads?filterBy=phase%3D%3DCompleted&search=${encodeURIComponent(name)}&sortBy=name&sortOrder=asc&refresh=5s`,
  );
  await hydrated(page);
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  const updated = page.locator(".status-line time");
  // The first tick brings the answer again, with its validator.
  const rendered = await updated.textContent();
  await expect(updated).not.toHaveText(rendered!, { timeout: 15_000 });
  // A mark on the results element now on screen: a swapped-in one would not carry it.
  await page.evaluate(() => document.getElementById("results")!.setAttribute("data-test-mark", "kept"));
  const fetched = await updated.textContent();
  const before = notModified.length;

  // The next tick names it and is told nothing changed: no body, no new rows, a newer time.
  await expect.poll(() => notModified.length, { timeout: 20_000 }).toBeGreaterThan(before);
  await expect(updated).not.toHaveText(fetched!);
  await expect(page.locator("#results")).toHaveAttribute("data-test-mark", "kept");
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  await expect(page.getByText(/Showing the last good data/)).toHaveCount(0);
});

test("copy link puts the view's URL on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/workloads?filterBy=phase%3D%3DRunning&sortBy=name&sortOrder=asc");
  await hydrated(page);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("button", { name: "Link copied" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  expect(copied).toContain("filterBy=phase%3D%3DRunning");
});

test("a page that does not exist says so and leads back to the workloads", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the start page" }).click();
  await expect(page).toHaveURL(/\/workloads$/);
  await expect(page.locator("table.workloads tbody tr").first()).toBeVisible();
});

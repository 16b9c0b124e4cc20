import { expect, test } from "@playwright/test";

/** Words written as an API writes them: `createdAt`, `DepartmentId`, `CPU_LIMIT_CORES`. */
const apiWord = /[a-z][A-Z]|[A-Z]{2,}_[A-Z]/;

test("the menus speak people's words, not the API's", async ({ page }) => {
  await page.goto("/workloads");
  const sort = page.getByRole("combobox", { name: "Sort by" });
  const sortWords = await sort.locator("option").allTextContents();
  expect(sortWords).toContain("Created");
  expect(sortWords).toContain("Waiting time");
  expect(sortWords.filter((w) => apiWord.test(w))).toEqual([]);

  await page.goto("/overview");
  const groupWords = await page.getByRole("combobox", { name: "Group by" }).locator("option").allTextContents();
  expect(groupWords).toEqual(expect.arrayContaining(["Department", "Node pool", "Cluster"]));
  expect(groupWords.filter((w) => apiWord.test(w))).toEqual([]);
});

test("a pending workload has not started, says why without a reason code, and rows that no longer wait say they waited", async ({ page }) => {
  // The newest pending workload, which has never run (an older one may have been preempted).
  await page.goto("/workloads?filterBy=phase%3D%3DPending&columns=name%2Cphase%2Cwaiting&pageSize=100&sortBy=createdAt&sortOrder=desc");
  const table = page.getByRole("table", { name: "Workloads" });
  const statuses = await table.locator("tbody td .visually-hidden").allTextContents();
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.filter((s) => /(OverLimit|NonPreemptibleOverQuota):/.test(s))).toEqual([]);

  await table.locator("tbody th a").first().click();
  const running = page.getByRole("term").filter({ hasText: /^Time running$/ }).locator("xpath=following-sibling::dd");
  await expect(running).toHaveText("not started yet");
  // A section never stands empty: it lists its connections or says there are none.
  const connections = page.getByRole("region", { name: "Connections" });
  await expect(connections.getByRole("listitem").or(connections.getByText(/^No connections/)).first()).toBeVisible();

  await page.goto("/workloads?filterBy=phase%3D%3DRunning&columns=name%2Cphase%2Cwaiting&pageSize=100");
  const waited = await page.locator("table.workloads tbody td.waited").allTextContents();
  expect(waited.length).toBeGreaterThan(0);
  for (const cell of waited) expect(cell).toMatch(/^(waited .+)?$/);

  // The tint of rows holding idle GPUs is explained beside the table.
  await page.goto("/workloads?sortBy=idleAllocatedGpus&sortOrder=desc");
  await expect(page.locator("table.workloads tbody tr.idle").first()).toBeVisible();
  await expect(page.getByText("Tinted rows hold GPUs that are doing no work.")).toBeVisible();
});

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("the pending box and the overview's boxes are dark too", async ({ page }) => {
    /** Relative luminance of an element's computed background, 0 (black) to 1 (white). */
    const luminance = (selector: string) =>
      page.locator(selector).first().evaluate((el) => {
        const [r, g, b] = getComputedStyle(el).backgroundColor.match(/[\d.]+/g)!.map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      });
    await page.goto("/workloads?filterBy=phase%3D%3DPending");
    await page.locator("table.workloads tbody th a").first().click();
    await expect(page.getByRole("region", { name: "Why is it pending?" })).toBeVisible();
    expect(await luminance("section.why")).toBeLessThan(0.3);
    await page.goto("/overview");
    expect(await luminance("#overview-controls input[type=text]")).toBeLessThan(0.3);
  });
});

test("the filter builder writes the same link as typing the filter", async ({ page }) => {
  await page.goto("/workloads?sortBy=name");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Add filter").fill("phase==Pending");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Status is Pending");
  const typed = page.url();

  await page.goto("/workloads?sortBy=name");
  await page.getByText("Build a filter").click();
  const builder = page.getByRole("form", { name: "Build a filter" });
  await builder.getByLabel("Field").selectOption({ label: "Status" });
  await builder.getByLabel("Operator").selectOption({ label: "is" });
  await builder.getByLabel("Value").fill("Pending");
  await builder.getByRole("button", { name: "Add this filter" }).click();
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Status is Pending");
  expect(page.url()).toBe(typed);

  // A new view loaded in place (here a new sort) keeps the builder open with the
  // choices being made, and the builder then adds to that view.
  await page.goto("/workloads?sortBy=name");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByText("Build a filter").click();
  await builder.getByLabel("Field").selectOption({ label: "Type" });
  await page.getByRole("combobox", { name: "Sort by" }).selectOption({ label: "Created" });
  await expect(page).toHaveURL(/sortBy=createdAt/);
  await expect(builder).toBeVisible();
  await expect(builder.getByLabel("Field")).toHaveValue("type");
  await builder.getByLabel("Value").fill("Job");
  await builder.getByRole("button", { name: "Add this filter" }).click();
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Type is Job");
  await expect(page).toHaveURL(/sortBy=createdAt/);
});

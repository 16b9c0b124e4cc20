import { expect, test } from "@playwright/test";
import { hydrated, withinOneMoment } from "./helpers";

test("the overview counts GPUs doing nothing, leads to the table narrowed to them, and their pages say since when", async ({ page }) => {
  test.setTimeout(120_000);
  // The collector looks at running workloads once its first round is in.
  const attention = page.getByRole("region", { name: "GPUs doing nothing now" });
  await expect(async () => {
    await page.goto("/overview");
    await expect(attention).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(attention.getByRole("link", { name: /workloads? stalled$/ })).toBeVisible();
  await expect(attention).toContainText(/Stalled: busy before, then under the idle threshold for 30 minutes/);

  await withinOneMoment(async () => {
    await page.goto("/overview");
    const never = attention.getByRole("link", { name: /never used their GPUs$/ });
    const count = Number((await never.textContent())!.match(/^(\d+)/)![1]);
    expect(count).toBeGreaterThan(0);
    await never.click();
    await expect(page).toHaveURL(/\/workloads\?gpuState=never-used&columns=/);
    await expect(page.getByText(/Only running workloads that never used their GPUs/)).toBeVisible();
    expect(await page.getByTestId("total").textContent()).toBe(String(count));
    const table = page.getByRole("table");
    await expect(table.getByRole("columnheader", { name: "GPU state" })).toBeVisible();
    const states = await table.locator("tbody tr").evaluateAll((rows) =>
      rows.map((row) => row.querySelectorAll("td")[row.querySelectorAll("td").length - 2]?.textContent),
    );
    expect(states.length).toBe(Math.min(count, 50));
    expect(new Set(states)).toEqual(new Set(["never used"]));
  });

  // A workload's page says what its GPUs do, and since when.
  await page.locator("table.workloads tbody th a").first().click();
  await hydrated(page);
  await expect(page.getByTestId("gpu-state")).toContainText(/GPU state: never used since .+, holding its GPUs while they do nothing/);

  // From the stalled count to a stalled workload, whose page says where the stall began.
  await page.goto("/overview");
  await attention.getByRole("link", { name: /workloads? stalled$/ }).click();
  await expect(page).toHaveURL(/\/workloads\?gpuState=stalled&columns=/);
  await page.locator("table.workloads tbody th a").first().click();
  await hydrated(page);
  await expect(page.getByTestId("gpu-state")).toContainText(/GPU state: stalled.* since /);

  // Back to every workload.
  await page.goto("/workloads?gpuState=never-used");
  await page.getByRole("link", { name: "Show every workload" }).click();
  await expect(page).toHaveURL(/\/workloads(\?columns=[^&]*)?$/);
  await expect(page.getByText(/Only running workloads/)).toHaveCount(0);

  // Sorted by GPU state from its header: what needs attention first.
  await page.goto("/workloads?filterBy=phase%3D%3DRunning&columns=name,gpuState");
  const header = page.getByRole("columnheader", { name: /GPU state/ });
  await header.getByRole("link").click();
  await expect(page).toHaveURL(/sortBy=gpuState&sortOrder=asc/);
  await expect(page.getByRole("columnheader", { name: /GPU state/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(page.locator("table.workloads tbody tr").first()).toContainText("stalled");
});

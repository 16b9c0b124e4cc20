import { expect, test } from "@playwright/test";
import { withinOneMoment } from "./helpers";

test("failures group by cause, and a cause leads to exactly its workloads", async ({ page }) => {
  await page.goto("/failures");
  await expect(page.getByRole("heading", { level: 1, name: "Failures" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /failures? in \d+ causes? over the last 7 days$/ })).toBeVisible();
  const causes = page.getByRole("article");
  expect(await causes.count()).toBeGreaterThan(1);
  // The window is in the URL.
  await page.getByRole("combobox", { name: "Window" }).selectOption({ label: "Last 30 days" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/\/failures\?window=30d$/);

  await withinOneMoment(async () => {
    await page.goto("/failures?window=30d");
    const first = page.getByRole("article").first();
    await expect(first.getByRole("term").filter({ hasText: "Images" })).toBeVisible();
    // Its latest message, as it was, on demand.
    await first.getByText("The latest message, as it was").click();
    await expect(first.getByRole("definition").filter({ has: page.locator("code") }).last()).toBeVisible();
    const link = first.getByRole("link", { name: /^Its \d+ workloads? in the table$/ });
    const count = Number((await link.textContent())!.match(/(\d+)/)![1]);
    await link.click();
    await expect(page).toHaveURL(/\/workloads\?filterBy=phase%3D%3DFailed.*&cause=[0-9a-f]{16}$/);
    await expect(page.getByText("Only the failures of one cause")).toBeVisible();
    expect(await page.getByTestId("total").textContent()).toBe(String(count));
  });
});

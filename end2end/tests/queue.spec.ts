import { expect, test } from "@playwright/test";

test("a pending workload shows its place in the queue, and a running one shows none", async ({ page }) => {
  // The newest pending workload: the most likely to have others ahead of it.
  await page.goto("/workloads?filterBy=phase%3D%3DPending&sortBy=createdAt&sortOrder=desc");
  await page.locator("table.workloads tbody th a").first().click();
  await expect(page).toHaveURL(/\/workloads\/[0-9a-f-]{36}\?back=/);
  const queue = page.getByRole("region", { name: "Queue" });
  await expect(queue).toBeVisible();
  await expect(queue.getByTestId("queue-position")).toHaveText(/^Position \d+ of \d+$/);
  await expect(queue).toContainText("higher priority first, then the earlier created");
  await expect(queue.getByTestId("queue-estimate")).toHaveText(/Likely to start .+ from now|Not enough history/);
  // Who is ahead (each linked to its page), or that nobody is.
  const ahead = queue.getByRole("table", { name: "Ahead of it" });
  if (await ahead.count()) {
    await expect(ahead.getByRole("link").first()).toHaveAttribute("href", /^\/workloads\/[0-9a-f-]{36}$/);
  } else {
    await expect(queue).toContainText("Nothing is ahead of it.");
  }
  // Who holds idle GPUs in the same node pools, or that nobody does.
  const idle = queue.getByRole("table", { name: /Allocated but idle GPUs/ });
  if (await idle.count()) {
    await expect(idle.getByRole("link").first()).toHaveAttribute("href", /^\/workloads\/[0-9a-f-]{36}$/);
  } else {
    await expect(queue).toContainText("No GPUs in these node pools are allocated and idle");
  }

  await page.goto("/workloads?filterBy=phase%3D%3DRunning");
  await page.locator("table.workloads tbody th a").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Queue" })).toHaveCount(0);
});

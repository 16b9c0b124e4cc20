import { expect, test } from "@playwright/test";
import { hydrated, paintedPixels } from "./helpers";

// The dashboard the binary alone serves (copied into an empty folder and started there,
// port +4): styled, hydrated, its charts drawn from the site it carries.
test.use({ storageState: { cookies: [], origins: [] } });

const singleFileURL = (baseURL: string) => baseURL.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 4}`);

test("the binary alone, in an empty folder, serves the whole dashboard with its charts", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL: singleFileURL(baseURL!) });
  const page = await context.newPage();
  const failed: string[] = [];
  page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  // Running with GPUs, so the first row has a GPU chart.
  await page.goto("/workloads?filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D1");
  await page.getByRole("button", { name: "Sign in as runboard-admin" }).click();
  await hydrated(page);
  // Styled: the stylesheet it links is there.
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgba(0, 0, 0, 0)");
  await page.locator("table.workloads tbody th a").first().click();
  await expect.poll(() => paintedPixels(page, "GPU utilization over time")).toBeGreaterThan(2000);
  await expect(page.locator("footer.build")).toContainText(/Runboard \d+\.\d+\.\d+ · commit/);
  expect(failed).toEqual([]);
  await context.close();
});

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { everyPage } from "./helpers";

/** The rules axe finds broken on the page now, each with where. */
async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

for (const colorScheme of ["light", "dark"] as const) {
  for (const width of [1440, 390]) {
    test.describe(`${colorScheme}, ${width} px`, () => {
      test.use({ colorScheme, viewport: { width, height: 900 } });

      test("axe finds nothing on any page", async ({ page }) => {
        for (const path of await everyPage(page)) {
          await page.goto(path);
          await expect(page.locator("main")).toBeVisible();
          // Charts and live parts settle first: axe reads the page a person sees.
          await page.waitForLoadState("networkidle");
          expect(await violations(page), path).toEqual([]);
        }
      });
    });
  }
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("axe finds nothing on the sign-in page, light or dark", async ({ page }) => {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto("/login");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await violations(page), colorScheme).toEqual([]);
    }
  });
});

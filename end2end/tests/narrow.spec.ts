import { expect, test, type Page } from "@playwright/test";
import { everyPage } from "./helpers";

/** How far the page itself scrolls sideways (0: it fits the window). */
async function pageOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test.describe("on a phone (390 px)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("no page scrolls sideways, and Sign out stays on the screen", async ({ page }) => {
    for (const path of await everyPage(page)) {
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
      expect(await pageOverflow(page), path).toBeLessThanOrEqual(0);
      const signOut = page.getByRole("button", { name: "Sign out" });
      const box = (await signOut.boundingBox())!;
      expect(box.x + box.width, path).toBeLessThanOrEqual(390);
    }
  });

  test("a number in a table never breaks inside its value", async ({ page }) => {
    await page.goto("/ledger");
    const cell = page.locator("table td.num").first();
    await expect(cell).toBeVisible();
    const lines = await cell.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
  });
});

test.describe("at 1440 px", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("the default table fits without scrolling sideways", async ({ page }) => {
    await page.goto("/workloads");
    const scroller = page.locator(".table-scroll");
    await expect(scroller).toBeVisible();
    const overflow = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Short headers keep their whole meaning for whoever hovers or reads them aloud.
    await expect(page.getByRole("columnheader", { name: /Pods/ })).toHaveAttribute("title", /running.*requested/i);
  });
});

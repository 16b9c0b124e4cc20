import { expect, test, type Page } from "@playwright/test";

/** Waits until the page follows the keyboard. */
async function listening(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-shortcuts", "on");
}

test("every shortcut works from the keyboard, and none fires while typing", async ({ page }) => {
  await page.goto("/workloads");
  await listening(page);
  const table = page.getByRole("table", { name: "Workloads" });
  const links = table.locator("tbody th a");

  // j and k walk the rows; the focus is on the row's link, visibly.
  await page.keyboard.press("j");
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(links.nth(0)).toBeFocused();
  const outline = await links.nth(0).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");

  // Enter opens the focused row.
  const name = (await links.nth(0).textContent())!;
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // g then a letter goes to a page.
  await listening(page);
  for (const [key, path, heading] of [
    ["o", "/overview", /Overview/],
    ["l", "/ledger", /GPU waste ledger/],
    ["q", "/queue", /Queue/],
    ["w", "/workloads", /Workloads/],
  ] as const) {
    await page.keyboard.press("g");
    await page.keyboard.press(key);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await listening(page);
  }

  // / focuses the filter; typing there is typing, not shortcuts.
  await page.keyboard.press("/");
  const filter = page.getByLabel("Add filter");
  await expect(filter).toBeFocused();
  await page.keyboard.type("gojk?r");
  await expect(filter).toHaveValue("gojk?r");
  await expect(page).toHaveURL(/\/workloads$/);
  await expect(page.getByRole("dialog")).toBeHidden();

  // ? shows the cheat sheet, and again hides it.
  await filter.blur();
  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole("definition").filter({ hasText: "Go to the queue" })).toBeVisible();
  await page.keyboard.press("?");
  await expect(sheet).toBeHidden();

  // r reloads the page where it is.
  await page.goto("/workloads?sortBy=name");
  await listening(page);
  const loaded = await page.evaluate(() => performance.timeOrigin);
  const reloaded = page.waitForEvent("load");
  await page.keyboard.press("r");
  await reloaded;
  expect(await page.evaluate(() => performance.timeOrigin)).not.toBe(loaded);
  await expect(page).toHaveURL(/sortBy=name/);
});

import { expect, test as setup } from "@playwright/test";
import { adminState } from "../accounts";

// Signs in to the demo dashboard as its administrator, as a person would, and keeps the
// session cookie for the page tests.
setup("sign in as the demo administrator", async ({ page }) => {
  await page.goto("/workloads");
  await expect(page).toHaveURL(/\/login\?next=%2Fworkloads$/);
  await page.getByRole("button", { name: "Sign in as runboard-admin" }).click();
  await expect(page).toHaveURL(/\/workloads$/);
  await expect(page.getByLabel("Signed in")).toContainText("runboard-admin");
  await page.context().storageState({ path: adminState });
});

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";

// Saved views across two people and a reload, on the dashboard keeping its data in
// SQLite (its data directory) and on the one keeping it in PostgreSQL.
test.use({ storageState: { cookies: [], origins: [] } });

const port = Number(process.env.RUNBOARD_E2E_PORT ?? 3100);
const dashboards = [
  { store: "SQLite", base: `http://127.0.0.1:${port}` },
  { store: "PostgreSQL", base: `http://127.0.0.1:${port + 5}` },
];

/** A new browser context signed in as the demo identity `who`. */
async function signedIn(browser: Browser, base: string, who: string) {
  const page = await (await browser.newContext({ baseURL: base })).newPage();
  await page.goto("/login?next=%2Fworkloads");
  await page.getByRole("button", { name: `Sign in as ${who}` }).click();
  await expect(page.getByLabel("Signed in")).toContainText(`Signed in as ${who}`);
  return page;
}

/** Opens the header's Views menu. */
async function openViews(page: Page) {
  const menu = page.locator("details.views-menu");
  if (!(await menu.getAttribute("open"))) await menu.locator("summary").first().click();
  return menu;
}

for (const { store, base } of dashboards) {
  test(`${store}: a shared view reaches a colleague, a personal one does not, and both survive a reload`, async ({ browser }) => {
    const run = Date.now().toString(36);
    const shared = `Pending, by name ${run}`;
    const personal = `Mine ${run}`;

    // alice narrows the table to pending workloads, sorted by name, and keeps it for the team.
    const alice = await signedIn(browser, base, "alice");
    await alice.goto("/workloads?filterBy=phase%3D%3DPending&sortBy=name");
    const view = alice.url();
    let menu = await openViews(alice);
    const save = menu.getByRole("form", { name: "Save this view" });
    await save.getByLabel("Name").fill(shared);
    await save.getByLabel("Share with the team").check();
    await save.getByRole("button", { name: "Save this view" }).click();
    await expect(alice).toHaveURL(view);
    menu = await openViews(alice);
    const teamList = menu.getByRole("region", { name: "Shared with the team" });
    await expect(teamList.getByRole("link", { name: shared })).toHaveAttribute("href", new URL(view).pathname + new URL(view).search);

    // …and keeps the queue for herself.
    await alice.goto("/queue");
    menu = await openViews(alice);
    await menu.getByRole("form", { name: "Save this view" }).getByLabel("Name").fill(personal);
    await menu.getByRole("button", { name: "Save this view" }).click();
    menu = await openViews(alice);
    await expect(menu.getByRole("region", { name: "Only you" }).getByRole("link", { name: personal })).toBeVisible();
    // The open menu passes axe too.
    const axe = await new AxeBuilder({ page: alice }).include("details.views-menu").analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    // bob sees the shared view (and who saved it), not alice's own, and may not change it.
    const bob = await signedIn(browser, base, "bob");
    await bob.goto("/overview");
    let his = await openViews(bob);
    const item = his.getByRole("listitem").filter({ hasText: shared });
    await expect(item).toContainText("Workloads · saved by alice");
    await expect(his.getByRole("link", { name: personal })).toHaveCount(0);
    await expect(item.getByText("Change", { exact: true })).toHaveCount(0);
    // A reload keeps it; opening it shows alice's view.
    await bob.reload();
    his = await openViews(bob);
    await his.getByRole("link", { name: shared }).click();
    await expect(bob).toHaveURL(view);
    await expect(bob.getByRole("list", { name: "Active filters" })).toContainText("Status is Pending");

    // alice renames her shared view; bob sees the new name after a reload.
    await alice.reload();
    menu = await openViews(alice);
    await menu.getByLabel(`Change “${shared}”`).click();
    const renamed = `${shared} (team)`;
    const rename = menu.getByRole("listitem").filter({ hasText: shared });
    await rename.getByLabel("New name").fill(renamed);
    await rename.getByRole("button", { name: `Rename “${shared}”` }).click();
    await bob.reload();
    his = await openViews(bob);
    await expect(his.getByRole("link", { name: renamed })).toBeVisible();

    // Deleted by alice, both are gone, for her and for bob.
    for (const name of [renamed, personal]) {
      menu = await openViews(alice);
      await menu.getByLabel(`Change “${name}”`).click();
      await menu.getByRole("button", { name: `Delete “${name}”` }).click();
      await expect(alice.locator("details.views-menu").getByRole("link", { name })).toHaveCount(0);
    }
    await bob.reload();
    his = await openViews(bob);
    await expect(his.getByRole("link", { name: renamed })).toHaveCount(0);
  });
}

import { type Browser, type Page, expect, test } from "@playwright/test";
import { adminSecret, teamPassword } from "../accounts";
import { hydrated, paintedPixels } from "./helpers";

// Sign-in, sessions and access, as people meet them. Every test starts signed out.
test.use({ storageState: { cookies: [], origins: [] } });

/** The dashboards the config starts: demo (baseURL), user mode (+1), service account (+2). */
function dashboards(baseURL: string) {
  const at = (offset: number) => baseURL.replace(/:(\d+)$/, (_, p) => `:${Number(p) + offset}`);
  return { demo: baseURL, user: at(1), service: at(2), simulator: at(97) };
}

async function signInWithKey(page: Page, id: string, secret: string) {
  await expect(page.getByRole("heading", { name: "Sign in to Runboard" })).toBeVisible();
  await page.getByLabel("Client ID").fill(id);
  await page.getByLabel("Client secret").fill(secret);
  await page.getByRole("button", { name: "Sign in with access key" }).click();
}

async function departmentsInTable(page: Page) {
  return new Set(
    await page.locator("table.workloads tbody tr").evaluateAll((rows) =>
      rows.map((r) => (r.children[4] as HTMLElement).innerText.trim())),
  );
}

test("demo: a deep link asks for sign-in, returns to the same URL, and sign-out ends the session", async ({ page, context }) => {
  const deep = "/workloads?filterBy=phase%3D%3DRunning&sortBy=name&limit=20";
  await page.goto(deep);
  await expect(page).toHaveURL(/\/login\?next=%2Fworkloads%3FfilterBy/);
  await expect(page.getByRole("heading", { name: "Demo identities" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Sign in as alice" })).toContainText("research");
  await page.getByRole("button", { name: "Sign in as alice" }).click();
  await expect(page).toHaveURL(deep);
  await expect(page.getByLabel("Signed in")).toContainText("Signed in as alice");
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("Status is Running");
  expect(await departmentsInTable(page)).toEqual(new Set(["research"]));

  // One opaque cookie the page's scripts cannot read.
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).toEqual(["runboard_session"]);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  await hydrated(page);
  expect(await page.evaluate(() => document.cookie)).toBe("");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/overview");
  await expect(page).toHaveURL(/\/login\?next=%2Foverview$/);
});

test("user mode: two colleagues open the same link and each sees exactly what Run:ai lets them", async ({ browser, baseURL }) => {
  const { user } = dashboards(baseURL!);
  const colleague = async (b: Browser) => (await b.newContext({ storageState: { cookies: [], origins: [] } })).newPage();

  // Bob (applied-ml) finds one of his department's workloads and shares the link.
  const bob = await colleague(browser);
  await bob.goto(`${user}/workloads`);
  await signInWithKey(bob, "bob", "bob");
  await expect(bob).toHaveURL(`${user}/workloads`);
  expect(await departmentsInTable(bob)).toEqual(new Set(["applied-ml"]));
  const href = await bob.locator("table.workloads tbody th a").first().getAttribute("href");
  const link = `${user}${href!.split("?")[0]}`;
  await bob.goto(link);
  await expect(bob.getByRole("heading", { level: 1 })).not.toHaveText("No access");

  // Alice (research) opens it: sign-in, back to the link, and Run:ai says no.
  const alice = await colleague(browser);
  await alice.goto(link);
  await expect(alice).toHaveURL(/\/login\?next=%2Fworkloads%2F/);
  await signInWithKey(alice, "alice", "alice");
  await expect(alice).toHaveURL(link);
  await expect(alice.getByRole("heading", { level: 1, name: "No access" })).toBeVisible();
  await expect(alice.getByRole("alert")).toContainText("You don't have access to this workload");
  const reload = await alice.reload();
  expect(reload?.status()).toBe(403);

  // Her table, counts and overview hold her department only.
  await alice.goto(`${user}/workloads`);
  expect(await departmentsInTable(alice)).toEqual(new Set(["research"]));
  const aliceTotal = Number(await alice.getByTestId("total").textContent());
  await bob.goto(`${user}/workloads`);
  const bobTotal = Number(await bob.getByTestId("total").textContent());
  expect(aliceTotal).toBeGreaterThan(0);
  expect(aliceTotal).not.toBe(bobTotal);
  await alice.goto(`${user}/overview`);
  const gpus = alice.getByRole("region", { name: "Allocated GPUs" }).getByRole("table");
  await expect(gpus).toContainText("research");
  await expect(gpus).not.toContainText("applied-ml");
});

test("user mode: a wrong key and a key without access are told apart", async ({ page, baseURL }) => {
  const { user } = dashboards(baseURL!);
  await page.goto(`${user}/overview`);
  await signInWithKey(page, "alice", "not-her-secret");
  await expect(page.getByRole("alert")).toHaveText(/did not accept that access key/);
  await expect(page.getByLabel("Client ID")).toHaveValue("alice");
  await expect(page).toHaveURL(/next=%2Foverview/);
  await signInWithKey(page, "guest", "guest");
  await expect(page.getByRole("alert")).toHaveText(/accepted the key, but it has no access to workloads/);
  await signInWithKey(page, "alice", "alice");
  await expect(page).toHaveURL(`${user}/overview`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${user}/login`);
  await page.goto(`${user}/overview`);
  await expect(page.getByLabel("Client ID")).toBeVisible();
});

test("service account: the team password lets people in, and the header says whose key is used", async ({ page, baseURL }) => {
  const { service } = dashboards(baseURL!);
  await page.goto(`${service}/workloads`);
  await expect(page.getByLabel("Client ID")).toHaveCount(0);
  await page.getByLabel("Dashboard password").fill("guess");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That is not the dashboard password.");
  await page.getByLabel("Dashboard password").fill(teamPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${service}/workloads`);
  await expect(page.getByLabel("Signed in")).toContainText("Run:ai as runboard-admin");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${service}/login`);
});

test("no secret or token reaches the browser: HTML, JS, WASM, CSS or server-function answers", async ({ page, baseURL }) => {
  const { user } = dashboards(baseURL!);
  const bodies: { url: string; text: string }[] = [];
  page.on("response", async (response) => {
    try {
      bodies.push({ url: response.url(), text: (await response.body()).toString("latin1") });
    } catch {
      // Redirects have no body.
    }
  });
  await page.goto(`${user}/workloads?filterBy=phase%3D%3DRunning`);
  await signInWithKey(page, "runboard-admin", adminSecret);
  await hydrated(page);
  await page.locator("table.workloads tbody th a").first().click();
  await expect.poll(() => paintedPixels(page, "GPU utilization over time")).toBeGreaterThan(2000);
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("region", { name: "Allocated GPUs" })).toBeVisible();
  // The pages call no server function themselves (they are server HTML); a script may,
  // so their answers are checked too.
  const answered = await page.evaluate(() => Promise.all([
    fetch("/api/overview_tiles", { method: "POST" }),
    fetch("/api/workloads_page", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "query=filterBy=phase%3D%3DRunning%26limit=5",
    }),
  ].map(async (pending) => {
    const answer = await pending;
    await answer.text();
    return answer.status;
  })));
  expect(answered).toEqual([200, 200]);
  // Every answer's body has been read.
  await expect.poll(() => bodies.filter((b) => b.url.includes("/api/")).length).toBe(2);

  const kinds = new Set(bodies.map((b) => b.url.replace(/\?.*$/, "").split(".").pop()));
  expect(bodies.some((b) => b.url.endsWith(".wasm"))).toBe(true);
  expect(kinds.size).toBeGreaterThan(3);
  for (const { url, text } of bodies) {
    expect(text.includes(adminSecret), `the secret in ${url}`).toBe(false);
    expect(/eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+/.test(text), `a token in ${url}`).toBe(false);
  }
  expect(await page.evaluate(() => document.cookie)).toBe("");
});

test("a form on another site cannot post to the dashboard with the session", async ({ page, baseURL }) => {
  const { demo, simulator } = dashboards(baseURL!);
  await page.goto("/workloads");
  await page.getByRole("button", { name: "Sign in as runboard-admin" }).click();
  await expect(page.getByLabel("Signed in")).toContainText("runboard-admin");

  // Another origin (the simulator's port: same host, so the Lax cookie rides along)
  // submits forms at the dashboard's sign-out and a server function.
  for (const target of ["/logout", "/api/workloads_page"]) {
    await page.goto(`${simulator}/api/v1/sim/faults`, { waitUntil: "commit" }).catch(() => {});
    await page.evaluate(({ action }) => {
      document.body.innerHTML = `<form method="post" action="${action}"><input name="query" value="limit=1"></form>`;
      setTimeout(() => (document.querySelector("form") as HTMLFormElement).submit(), 0);
    }, { action: `${demo}${target}` });
    await expect(page.locator("body")).toContainText("cross-site request refused");
  }
  await page.goto("/overview");
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByLabel("Signed in")).toContainText("runboard-admin");
});

test("open redirects through next= are refused", async ({ page }) => {
  await page.goto("/login?next=" + encodeURIComponent("//evil.example/steal"));
  await page.getByRole("button", { name: "Sign in as alice" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/workloads$/);
});

test("the pages run under their Content-Security-Policy without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  // The longest-running first: a workload that has just started has no metrics yet.
  await page.goto("/workloads?filterBy=phase%3D%3DRunning&sortBy=createdAt&sortOrder=asc");
  await page.getByRole("button", { name: "Sign in as runboard-admin" }).click();
  await hydrated(page);
  await page.locator("table.workloads tbody th a").first().click();
  await expect.poll(() => paintedPixels(page, "GPU utilization over time")).toBeGreaterThan(2000);
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("region", { name: "Allocated GPUs" }).locator("canvas").first()).toBeVisible();
  await page.goto("/ledger");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("table").first()).toBeVisible();
  await page.getByRole("link", { name: "Queue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Queue" })).toBeVisible();
  expect(violations).toEqual([]);

  // The policy is enforced and the watch works: an injected inline script is refused.
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.head.appendChild(script);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as any).injected)).toBeUndefined();
});

test("a session that ends mid-use says so, keeps the rows, and leads back through sign-in", async ({ page, context }) => {
  await page.goto("/workloads?limit=20");
  await page.getByRole("button", { name: "Sign in as bob" }).click();
  await hydrated(page);
  await context.clearCookies();
  await page.locator("table.workloads thead").getByRole("link", { name: /^Name/ }).click();
  await expect(page).toHaveURL(/sortBy=name/);
  const stale = page.locator(".stale");
  await expect(stale).toContainText("your session has ended: sign in again");
  await expect(page.locator("table.workloads tbody tr").first()).toBeVisible();
  // The failed load does not leave the rows marked busy.
  await expect(page.locator("#results")).not.toHaveAttribute("aria-busy", "true");
  await stale.getByRole("link", { name: "Sign in again" }).click();
  // Back to the page as it was when the session ended (sorted by name).
  await expect(page).toHaveURL(/\/login\?next=%2Fworkloads%3FsortBy%3Dname%26sortOrder%3Dasc$/);
  await page.getByRole("button", { name: "Sign in as bob" }).click();
  await expect(page).toHaveURL(/\/workloads\?sortBy=name&sortOrder=asc$/);
});

import { expect, test, type Page } from "@playwright/test";

const position = /^(Position \d+ of \d+|Not in line for free GPUs)$/;
const time = /^Likely to (start|be unblocked \(its project freeing enough GPUs\)) .+ from now/;

test("a pending workload shows its place in the queue, and a running one shows none", async ({ page }) => {
  // The newest pending workload: the most likely to have others ahead of it.
  await page.goto("/workloads?filterBy=phase%3D%3DPending&sortBy=createdAt&sortOrder=desc");
  await page.locator("table.workloads tbody th a").first().click();
  await expect(page).toHaveURL(/\/workloads\/[0-9a-f-]{36}\?back=/);
  const queue = page.getByRole("region", { name: "Queue" });
  await expect(queue).toBeVisible();
  await expect(queue.getByTestId("queue-position")).toHaveText(position);
  await expect(queue.getByTestId("queue-reason")).not.toBeEmpty();
  await expect(queue.getByTestId("queue-estimate")).toHaveText(new RegExp(`${time.source}|^Not enough history`));
  // Who is ahead (each linked to its page), that nobody is, or that its project blocks it.
  const ahead = queue.getByRole("table", { name: "Ahead of it" });
  if (await ahead.count()) {
    await expect(ahead.getByRole("link").first()).toHaveAttribute("href", /^\/workloads\/[0-9a-f-]{36}$/);
  } else if ((await queue.getByTestId("queue-position").textContent())?.startsWith("Position")) {
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

/** The pending workloads whose "Why it waits" cell matches `why`, as links to their pages. */
async function pendingWhere(page: Page, why: RegExp): Promise<string[]> {
  await page.goto("/workloads?filterBy=phase%3D%3DPending&columns=name,phase,nodepools,waitReason&pageSize=100");
  const table = page.getByRole("table", { name: /workloads/i });
  await expect(table.getByRole("columnheader", { name: "Why it waits" })).toBeVisible();
  const rows = table.locator("tbody tr");
  const links: string[] = [];
  for (const row of await rows.all()) {
    if (why.test((await row.locator("td").last().textContent()) ?? "")) {
      links.push((await row.getByRole("link").first().getAttribute("href")) ?? "");
    }
  }
  return links;
}

/** Opens each page in turn until its queue panel gives a time; returns the panel. */
async function firstWithATime(page: Page, links: string[]) {
  for (const link of links) {
    await page.goto(link);
    const queue = page.getByRole("region", { name: "Queue" });
    await expect(queue.getByTestId("queue-reason")).not.toBeEmpty();
    if (time.test((await queue.getByTestId("queue-estimate").textContent()) ?? "")) return queue;
  }
  throw new Error(`none of ${links.length} pages gave a time`);
}

test("a workload its project's quota holds back and one waiting for GPUs each say why and when", async ({ page }) => {
  const overQuota = await pendingWhere(page, /^Its project is over its quota$/);
  expect(overQuota.length).toBeGreaterThan(0);
  const blocked = await firstWithATime(page, overQuota);
  await expect(blocked.getByTestId("queue-position")).toHaveText("Not in line for free GPUs");
  await expect(blocked.getByTestId("queue-reason")).toContainText(/is over its GPU quota in node pool .+ The project holds ([\d.]+ GPUs?|no GPUs) there now/);
  await expect(blocked.getByTestId("queue-estimate")).toHaveText(/^Likely to be unblocked .+ judging by /);
  // The scheduler's message is said once, however many times Run:ai repeats it.
  const said = page.getByRole("region", { name: "Why is it pending?" }).getByRole("listitem");
  const texts = await said.allTextContents();
  expect(new Set(texts).size).toBe(texts.length);

  const forGpus = await pendingWhere(page, /^(Waiting for free GPUs|Next for free GPUs|Behind \d+ in its pool)$/);
  expect(forGpus.length).toBeGreaterThan(0);
  const waiting = await firstWithATime(page, forGpus);
  await expect(waiting.getByTestId("queue-position")).toHaveText(/^Position \d+ of \d+$/);
  await expect(waiting.getByTestId("queue-reason")).toHaveText(/^(Waiting for capacity|Behind higher-priority or earlier work)/);
  await expect(waiting.getByTestId("queue-estimate")).toHaveText(/^Likely to start .+ judging by /);
  // What if it asked differently: each alternative with its own likely start, and nothing
  // to submit (there is none to offer for one GPU in the cluster's only pool).
  const whatIf = waiting.getByRole("table", { name: /What if it asked differently/ });
  if (await whatIf.count()) {
    await expect(whatIf).toContainText("nothing is submitted or changed");
    await expect(whatIf.getByRole("rowheader").first()).toHaveText(/^(Half the GPUs|One worker fewer|In node pool)/);
  }
  await expect(page.getByRole("button", { name: /submit/i })).toHaveCount(0);
});

test("the queue page lists each node pool's order as the workload pages give it", async ({ page }) => {
  await page.goto("/overview");
  await page.getByRole("link", { name: /Every node pool's queue/ }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await expect(page.getByRole("heading", { level: 1, name: "Queue" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queue" })).toBeVisible();
  // The first workload in line, as the queue page numbers it, and as its own page does
  // (read again if a workload started in between: the simulator lives on the clock).
  let project = "";
  for (let attempt = 0; ; attempt++) {
    await page.goto("/queue");
    const rows = page.locator("table.queue-order tbody tr");
    await expect(rows.first()).toBeVisible();
    let place = "";
    let href = "";
    for (const row of await rows.all()) {
      const first = ((await row.locator("td").first().textContent()) ?? "").trim();
      if (/^#\d+$/.test(first)) {
        place = first.slice(1);
        project = ((await row.locator("td").nth(1).textContent()) ?? "").trim();
        href = (await row.getByRole("link").getAttribute("href")) ?? "";
        break;
      }
    }
    expect(place).not.toBe("");
    await page.goto(href);
    const position = page.getByRole("region", { name: "Queue" }).getByTestId("queue-position");
    await expect(position).toHaveText(/^(Position \d+ of \d+|Not in line for free GPUs)$/);
    if ((await position.textContent())?.startsWith(`Position ${place} of `) || attempt === 2) {
      await expect(position).toHaveText(new RegExp(`^Position ${place} of \\d+$`));
      break;
    }
  }

  // Narrowed to that project, through the form: the URL holds it, every row is its.
  await page.goto("/queue");
  await page.getByLabel("Project").fill(project);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`/queue\\?pool=&project=${encodeURIComponent(project)}$|/queue\\?project=`));
  const projects = await page.locator("table.queue-order tbody tr td:nth-child(3)").allTextContents();
  expect(projects.length).toBeGreaterThan(0);
  expect(new Set(projects)).toEqual(new Set([project]));
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", /\/export\/queue\.csv\?project=/);
});

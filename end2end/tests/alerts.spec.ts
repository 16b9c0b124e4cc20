import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";

// A person makes an alert rule from the table they filtered, sees it fire on /alerts
// (its message sent to a webhook receiver on loopback), deletes it, and opens the
// weekly digest.
test("a rule made from a filtered table fires on /alerts, and the digest opens", async ({ page }) => {
  const received: string[] = [];
  const receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push(body);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((ready) => receiver.listen(0, "127.0.0.1", ready));
  const port = (receiver.address() as AddressInfo).port;
  try {
    await page.goto("/workloads?filterBy=phase%3D%3DPending");
    await page.getByRole("link", { name: "Alert me" }).click();
    await expect(page).toHaveURL(/\/alerts\?filter=phase%3D%3DPending$/);

    const form = page.getByRole("form", { name: "New rule" });
    await expect(form.getByLabel(/Workloads matching/)).toHaveValue("phase==Pending");
    const name = `Long waits ${Date.now()}`;
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form
      .getByLabel("Tell me when")
      .selectOption({ label: "A workload waits longer than the minutes below" });
    await form.getByLabel("Minutes", { exact: true }).fill("1");
    await form.getByLabel("Send to").selectOption({ label: "Signed JSON webhook" });
    await form.getByLabel(/Webhook URL or e-mail address/).fill(`http://127.0.0.1:${port}/hook`);
    await form.getByRole("button", { name: "Create rule" }).click();
    await expect(page).toHaveURL(/\/alerts/);

    const rule = page.getByRole("article", { name });
    await expect(rule).toContainText("workloads matching phase==Pending that wait longer than 1 minute");
    await expect(rule).toContainText(`http://127.0.0.1/…hook`);
    // It fires within a few evaluations: its message shows as sent.
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByRole("article", { name }).getByRole("cell", { name: "sent", exact: true }),
      ).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    const told = JSON.parse(received[0]);
    expect(told.rule.name).toBe(name);
    expect(told.findings[0].link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/workloads\//);

    await page.getByRole("button", { name: `Delete the rule “${name}”` }).click();
    await expect(page.getByRole("article", { name })).toHaveCount(0);

    await page.getByRole("link", { name: "The weekly digest" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Weekly digest" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "GPU time" })).toBeVisible();
    await expect(page.getByTestId("digest-total")).toContainText("GPU-hours held");
    await page.getByRole("link", { name: "Previous week" }).click();
    await expect(page).toHaveURL(/\/digest\?week=\d{4}-W\d{2}$/);
    await expect(page.getByRole("heading", { name: "Failures by cause" })).toBeVisible();
  } finally {
    receiver.close();
  }
});

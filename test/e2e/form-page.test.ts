/**
 * The hosted form page, `/f/:formId`: a link from a newsletter opens the form on Baton's own
 * page, the visitor books, and the link's UTM parameters are in the lead.
 */
import { describe, expect, test } from "vitest";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();

describe("hosted form page", () => {
  test("/f/demo?utm_source=newsletter → submit → booked, with the UTM in the lead", async () => {
    const { page, errors } = await e2e.newPage({ timezoneId: "Europe/Berlin" });
    const res = await page.goto(`${e2e.baton.baseUrl}/f/demo?utm_source=newsletter&utm_campaign=spring`);
    expect(res?.status()).toBe(200);
    const form = await e2e.baton.admin("GET", "/v1/admin/config");
    const demo = form.config.forms.find((f: { id: string }) => f.id === "demo");
    await page.getByRole("heading", { level: 1, name: demo.name }).waitFor();
    expect(await page.title()).toContain(form.config.org.name);

    const field = (label: string) => page.getByLabel(label, { exact: true });
    await field("First name").fill("Grace");
    await field("Last name").fill("Hopper");
    await field("Work email").fill(`grace.${Date.now()}@cobol.example`);
    await field("Company").fill("Cobol Inc");
    await field("Company size").selectOption("500-999");
    await field("Country").selectOption("DE");
    const [submitted] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/submissions")),
      page.getByRole("button", { name: "Submit" }).click(),
    ]);
    const { leadId } = await submitted.json();
    const dialog = page.getByRole("dialog");
    await dialog.locator("button.slot").first().click();
    await dialog.getByRole("link", { name: "Reschedule or cancel" }).waitFor();
    await e2e.screenshot(page, "form-page-booked");

    const lead = await e2e.baton.admin("GET", `/v1/admin/leads/${leadId}`);
    expect(lead.lead.status).toBe("booked");
    expect(lead.lead.context.utm).toEqual({ source: "newsletter", campaign: "spring" });
    expect(errors).toEqual([]);
  });

  test("an unknown form gets a clear 404 page", async () => {
    const { page } = await e2e.newPage({ javaScriptEnabled: false });
    const res = await page.goto(`${e2e.baton.baseUrl}/f/no-such-form`);
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { name: "Nothing here" }).waitFor();
  });
});

/**
 * The config dashboard end to end, in Chromium against `wrangler dev`: edit a rule with the
 * condition builder, see the shadowed-rule lint where it applies, test a lead against the
 * draft, publish after the diff, watch the next submission follow the new rule, roll back.
 * Screenshots of the main screens go to test-results/screenshots/ (kept as CI artifacts).
 */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { openAdmin } from "./dashboard-data.helpers";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();

async function signedIn(): Promise<Page> {
  const page = await openAdmin(e2e, "", { viewport: { width: 1280, height: 1000 } });
  await page.getByText(/Active version v\d+/).waitFor();
  return page;
}

const shot = (page: Page, name: string) => e2e.screenshot(page, `dashboard-${name}`);

let seq = 0;
/** A French lead with 50-199 employees: no rule of the demo config takes it, so the fallback does. */
async function submitFrenchLead(): Promise<{ assignment: { ruleId: string; teamId: string | null } | null }> {
  const res = await fetch(`${e2e.baton.baseUrl}/v1/forms/demo/submissions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      fields: {
        first_name: "Chloé",
        last_name: "Martin",
        email: `chloe.martin+${++seq}@societe-${seq}.fr`,
        company: `Société ${seq}`,
        employees: "50-199",
        country: "FR",
      },
      context: { pageUrl: e2e.baton.baseUrl, referrer: "" },
    }),
  });
  expect(res.status).toBe(201);
  return res.json();
}

describe("config editing in the dashboard", () => {
  test("builder edit → shadow warning → test a lead → publish → next submission follows → roll back", async () => {
    expect(await submitFrenchLead()).toMatchObject({ assignment: { ruleId: "fallback" } });
    const page = await signedIn();

    // Edit "EMEA enterprise" with the builder: any EMEA company of 10+ people, and move it up.
    await page.getByRole("link", { name: "Config", exact: true }).click();
    await page.locator('.tabs a[href="#/config/rules"]').click();
    const emea = page.locator('[data-rule="emea-enterprise"]');
    const value = emea.getByLabel("Rule EMEA enterprise, condition 2: value");
    expect(await value.inputValue()).toBe("500");
    await value.fill("10");
    await value.press("Tab");
    await emea.getByRole("button", { name: "Move EMEA enterprise up" }).click();
    expect(await page.locator(".rules > li").nth(1).getAttribute("data-rule")).toBe("emea-enterprise");

    // The DACH rule now sits below a rule that takes every lead it would: lint says so, on its card.
    const shadow = page.locator('[data-rule="dach-enterprise"] [data-code="shadowed_rule"]');
    await shadow.waitFor();
    expect(await shadow.textContent()).toContain(
      'every lead it matches is already taken by rule "emea-enterprise"',
    );
    await page.getByText("Unsaved changes").waitFor();
    await shot(page, "rules");

    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("Saved as draft v2.").waitFor();

    // Test a lead against the draft: the readable trace and the team's fairness table.
    await page.getByRole("link", { name: "Test a lead", exact: true }).first().click();
    await page.getByLabel("Work email").fill("ann@example.fr");
    await page.getByLabel("Country").fill("FR");
    await page.getByLabel("Company size").selectOption("50-199");
    await page.getByRole("button", { name: "Route this lead" }).click();
    const outcome = page.getByTestId("trace-outcome");
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain("EMEA enterprise");
    expect(await page.locator('.trace-rules [data-rule="existing-account"]').textContent()).toContain(
      "account.matched is false",
    );
    const fairness = page.getByTestId("fairness");
    expect(await fairness.locator("tbody tr").count()).toBeGreaterThan(0);
    await shot(page, "test-lead");

    // Publish after reading the diff.
    await page.getByRole("link", { name: "Publish", exact: true }).click();
    const diff = page.getByTestId("diff");
    await diff.waitFor();
    const diffText = (await diff.textContent()) ?? "";
    expect(diffText).toContain("ruleSets › default › rules › emea-enterprise › when › all › #2 › value");
    expect(diffText).toContain("Reordered");
    await shot(page, "publish");
    await page.getByRole("button", { name: "Publish v2" }).click();
    await page.getByText("Version 2 is now live.").waitFor();

    const routed = await submitFrenchLead();
    expect(routed.assignment).toMatchObject({ ruleId: "emea-enterprise", teamId: "emea-enterprise" });

    // Roll back from the version history.
    await page.getByRole("link", { name: "Versions", exact: true }).click();
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Roll back to v1" }).click();
    await page.getByText("Version 1 is now live.").waitFor();
    await shot(page, "history");
    expect((await submitFrenchLead()).assignment?.ruleId).toBe("fallback");

    // The audit log tells the story in words.
    await page.getByRole("link", { name: "Audit log", exact: true }).click();
    const audit = page.getByTestId("audit");
    await audit.waitFor();
    const actions = await audit
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions.slice(0, 3)).toEqual(["config.rolled_back", "config.published", "config.draft_created"]);
    await shot(page, "audit");
  });

  test("renders config text as text (a hostile rep name stays text), and reorders rules by drag and drop", async () => {
    const hostile = '<img src=x onerror="window.pwnedByRepName=1">Eve';
    const draft = (await e2e.baton.admin("GET", "/v1/admin/config")).config;
    draft.reps[0].name = hostile;
    await e2e.baton.admin("POST", "/v1/admin/config/versions?note=hostile", draft);

    const page = await signedIn();
    await page.getByRole("link", { name: "Config", exact: true }).click();
    await page.getByText(hostile).first().waitFor();
    await page.locator('.tabs a[href="#/config/teams"]').click();
    await page.locator('.tabs a[href="#/config/reps"]').click();
    expect(await page.locator("img[src=x]").count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwnedByRepName?: number }).pwnedByRepName)).toBeUndefined();
    await shot(page, "reps");

    // Rules reorder by drag and drop too; the edit stays in the draft until saved.
    await page.locator('.tabs a[href="#/config/rules"]').click();
    const rules = page.locator(".rules > li");
    await rules.nth(1).locator(".handle").dragTo(rules.nth(0).locator(".handle"));
    expect(await rules.evaluateAll((els) => els.map((e) => e.getAttribute("data-rule")))).toEqual([
      "dach-enterprise",
      "existing-account",
      "emea-enterprise",
      "hot-paid",
      "partner-referral",
    ]);
    await page.getByText("Unsaved changes").waitFor();
  });
  test("a version saved elsewhere while the admin edits (a rep's own hours) is not undone by the admin's save", async () => {
    const page = await signedIn();
    await page.getByRole("link", { name: "Config", exact: true }).click();
    await page.locator('.tabs a[href="#/config/rules"]').click();
    const value = page.locator('[data-rule="emea-enterprise"]').getByLabel(/condition 2: value/);
    await value.fill("25");
    await value.press("Tab");
    await page.getByText("Unsaved changes").waitFor();

    // Meanwhile a rep changes their hours: a new version, live at once.
    const live = (await e2e.baton.admin("GET", "/v1/admin/config")).config;
    live.reps[0].workingHours = { wed: [{ start: "08:00", end: "12:00" }] };
    const note = `${live.reps[0].name} changed their working hours`;
    await e2e.baton.admin(
      "POST",
      `/v1/admin/config/versions?publish=true&note=${encodeURIComponent(note)}`,
      live,
    );
    const versionsBefore = (await e2e.baton.admin("GET", "/v1/admin/config/versions")).versions.length;

    await page.getByRole("button", { name: "Save draft" }).click();
    await page
      .getByText(/was saved after version \d+, which you edited .*changed their working hours/)
      .waitFor();
    expect((await e2e.baton.admin("GET", "/v1/admin/config/versions")).versions).toHaveLength(versionsBefore);
    expect((await e2e.baton.admin("GET", "/v1/admin/config")).config.reps[0].workingHours).toEqual({
      wed: [{ start: "08:00", end: "12:00" }],
    });
  });
});

import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { useBatonBrowser } from "./harness";

const e2e = useBatonBrowser();

beforeAll(async () => {
  // The seed publishes v1; a second, unpublished draft gives the list something to publish.
  const draft = structuredClone(demoConfig);
  draft.forms[0]!.name = "Book a demo";
  await e2e.baton.admin("POST", "/v1/admin/config/versions?note=rename%20the%20form", draft);
});

async function openAdmin(): Promise<Page> {
  const { page } = await e2e.newPage();
  await page.goto(`${e2e.baton.baseUrl}/admin/`);
  return page;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const storedToken = (page: Page) => page.evaluate(() => sessionStorage.getItem("baton.adminToken"));

describe("the admin dashboard", () => {
  test("refuses a wrong token with a clear message and keeps nothing", async () => {
    const page = await openAdmin();
    await signIn(page, "not-the-token");

    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("That token was not accepted (401)");
    expect(await page.getByLabel("Admin token").getAttribute("aria-invalid")).toBe("true");
    expect(await storedToken(page)).toBeNull();
  });

  test("shows the active version, every version and the live config for the right token", async () => {
    const page = await openAdmin();
    await signIn(page, e2e.baton.adminToken);

    await page.getByText("Active version v1").waitFor();
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute("data-version")).toBe("2");
    expect(await rows.nth(0).textContent()).toContain("rename the form");
    expect(await rows.nth(0).getByRole("button", { name: "Publish v2" }).isEnabled()).toBe(true);
    expect(await rows.nth(1).getByText("Active", { exact: true }).isVisible()).toBe(true);
    expect(await rows.nth(1).getByRole("button").count()).toBe(0);
    const json = JSON.parse((await page.getByLabel("Active config JSON").textContent()) ?? "");
    expect(json.forms[0].name).toBe("Request a demo");
    expect(await storedToken(page)).toBe(e2e.baton.adminToken);
  });

  test("publishes a draft, and stays signed in across a reload", async () => {
    const page = await openAdmin();
    await signIn(page, e2e.baton.adminToken);
    await page.getByRole("button", { name: "Publish v2" }).click();

    await page.getByText("Version 2 is now live.").waitFor();
    await page.getByText("Active version v2").waitFor();
    expect((await e2e.baton.admin("GET", "/v1/admin/config")).version).toBe(2);

    await page.reload();
    await page.getByText("Active version v2").waitFor();
    expect(await page.getByRole("button", { name: "Roll back to v1" }).isVisible()).toBe(true);
  });
});

/** The accessible names of every button on the page, sorted. */
const buttonNames = async (page: Page) =>
  (await page.getByRole("button").allTextContents()).map((t) => t.trim()).toSorted();

describe("the admin dashboard for an analyst", () => {
  test("shows the readable screens with no write action on any of them", async () => {
    const { token } = await e2e.baton.admin("POST", "/v1/admin/tokens", { name: "analyst", role: "analyst" });
    const submitted = await fetch(`${e2e.baton.baseUrl}/v1/forms/demo/submissions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        fields: {
          first_name: "Ada",
          last_name: "Lovelace",
          email: "ada@engines.example",
          company: "Engines",
          employees: "1-49",
          country: "US",
        },
      }),
    });
    expect(submitted.status).toBe(201);
    const { leadId } = (await submitted.json()) as { leadId: string };

    const page = await openAdmin();
    await signIn(page, token);
    await page.getByTestId("read-only").waitFor();
    await page.getByText(/Active version v\d/).waitFor();
    expect(await page.locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
    const nav = await page.getByRole("navigation", { name: "Sections" }).getByRole("link").allTextContents();
    expect(nav).toEqual(["Versions", "Leads", "Analytics", "Insights"]);
    // Versions list every saved version, but offer neither publish nor roll back.
    expect(await buttonNames(page)).toEqual(["Sign out"]);
    expect(await page.getByLabel("Active config JSON").isVisible()).toBe(true);

    await page.goto(`${e2e.baton.baseUrl}/admin/#/leads/${leadId}`);
    await page.getByTestId("lead-fields").waitFor();
    await page.getByTestId("timeline").waitFor();
    expect(await buttonNames(page)).toEqual(["Sign out"]);
    expect(await page.getByTestId("reassign").count()).toBe(0);

    // A write screen's address lands on the first readable screen instead.
    await page.goto(`${e2e.baton.baseUrl}/admin/#/publish`);
    await page.getByText(/Active version v\d/).waitFor();
    expect(await buttonNames(page)).toEqual(["Sign out"]);
  });
});

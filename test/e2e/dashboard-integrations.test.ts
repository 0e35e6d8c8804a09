/**
 * The Integrations screen in Chromium against `wrangler dev` and the fake HubSpot and Salesforce
 * (test/fakes/, in this process, reached over loopback): connect, see the unmapped owner
 * flagged, map it to a rep, then watch a lead be routed to the rep and land in the fake CRM with
 * its owner, and the lead page show the sync state and the record link. Salesforce connects
 * through its approval page (OAuth web server flow) after HubSpot is disconnected: one CRM per
 * deployment. axe checks the connected screens (the sweep in a11y.test.ts sees only the
 * unconnected one).
 */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { callControl } from "../fakes/control-client";
import { FAKE_HUBSPOT_CLIENT_ID, FAKE_HUBSPOT_CLIENT_SECRET, startFakeHubSpot } from "../fakes/hubspot";
import { FAKE_SF_CLIENT_ID, FAKE_SF_CLIENT_SECRET, startFakeSalesforce } from "../fakes/salesforce";
import { audit } from "./axe";
import { openAdmin, submitLead } from "./dashboard-data.helpers";
import { useBatonBrowser } from "./harness";

const hubspot = await startFakeHubSpot();
const salesforce = await startFakeSalesforce();
const e2e = useBatonBrowser({
  vars: {
    SALESFORCE_LOGIN_URL: salesforce.url,
    SALESFORCE_CLIENT_ID: FAKE_SF_CLIENT_ID,
    SALESFORCE_CLIENT_SECRET: FAKE_SF_CLIENT_SECRET,
    HUBSPOT_API_ROOT: hubspot.url,
    HUBSPOT_OAUTH_TOKEN_URL: `${hubspot.url}/oauth/v1/token`,
    HUBSPOT_AUTHORIZE_URL: `${hubspot.url}/oauth/authorize`,
    HUBSPOT_APP_URL: hubspot.url,
    HUBSPOT_CLIENT_ID: FAKE_HUBSPOT_CLIENT_ID,
    HUBSPOT_CLIENT_SECRET: FAKE_HUBSPOT_CLIENT_SECRET,
  },
});
const PORTAL = "e2e-portal"; // the token `pat-e2e-portal` selects it in the fake

const control = (path: string, body?: unknown) =>
  callControl(`${hubspot.url}/__control/${path}?portal=${PORTAL}`, body);

/** The fake Salesforce's org "demo" (its approval page signs in there). */
const sfControl = (path: string, body?: unknown) =>
  callControl(`${salesforce.url}/__control/${path}?org=demo`, body);

/** Publishes the demo config with "known CRM contact / company → its owner" first, as an admin would. */
async function publishCrmRule() {
  const config = structuredClone(demoConfig) as any;
  config.ruleSets[0].rules.unshift(
    {
      id: "crm-known",
      name: "Known CRM contact goes to its owner",
      when: { fact: "crm.contact.exists", op: "eq", value: true },
      then: { type: "crm_owner", fallbackTeamId: "sdr-na" },
    },
    {
      id: "crm-account",
      name: "Matched CRM account goes to its owner",
      when: { fact: "crm.company.exists", op: "eq", value: true },
      then: { type: "crm_owner", fallbackTeamId: "sdr-na" },
    },
  );
  const res = await fetch(`${e2e.baton.baseUrl}/v1/admin/config/versions?publish=true`, {
    method: "POST",
    headers: { Authorization: `Bearer ${e2e.baton.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(config),
  });
  expect([200, 201]).toContain(res.status); // 200: the same config is live already
}

/** Holds the dashboard's reads of the live config (its rep directory) until the returned release is called. */
async function holdDirectory(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/v1/admin/config", async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

async function until<T>(read: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("the Integrations screen", () => {
  test("connect HubSpot, map the unmapped owner, and watch a lead land in HubSpot with its owner", async () => {
    await control("seed", {
      owners: [
        { id: "502", email: "ava.thompson@baton.example", firstName: "Ava", lastName: "Thompson" },
        { id: "599", email: "priya@personal.example", firstName: "Priya", lastName: "Raman" },
      ],
      contacts: [{ properties: { email: "known@contoso.example", hubspot_owner_id: "599" } }],
    });
    await publishCrmRule();
    const page = await openAdmin(e2e);
    // Hold the rep directory (the live config) until the owners are listed: under load it can
    // arrive after them, and the email match must still show once it does.
    const release = await holdDirectory(page);
    await page.evaluate(() => (location.hash = "#/integrations"));
    const section = page.getByTestId("hubspot-section");
    await section.getByText("Not connected").waitFor();

    await section.getByLabel("Private-app token").fill(`pat-${PORTAL}`);
    await section.getByLabel(/Portal id/).fill("4242");
    await section.getByRole("button", { name: "Connect HubSpot" }).click();
    await section.getByText("HubSpot connected.").waitFor();
    await section.getByText("via private-app token · portal 4242").waitFor();
    // Ava matches by email; Priya's HubSpot email is not her Baton one: flagged.
    expect(await section.getByTestId("unmapped-owners").textContent()).toContain("1 owner is not mapped");
    await section.locator('tr[data-owner="502"]').waitFor();
    release();
    await section.locator('tr[data-owner="502"] option[value="ava-thompson"]').waitFor({ state: "attached" });
    expect(await section.getByLabel("Rep for Ava Thompson").inputValue()).toBe("ava-thompson");
    expect(await page.locator('tr[data-owner="599"]').getAttribute("class")).toBe("unmapped");

    await section.getByLabel("Rep for Priya Raman").selectOption("priya-raman");
    await section.getByRole("button", { name: "Save owner mapping" }).click();
    await section.getByText("Owner mapping saved.").waitFor();
    await section.getByText("Every active owner maps to a rep.").waitFor();
    expect(await audit(page, "integrations (connected)")).toEqual([]);
    await e2e.screenshot(page, "dashboard-integrations-hubspot");

    // A lead from Priya's contact: routed to her, and the contact written back with her owner id.
    const lead = await submitLead(e2e.baton, {
      first_name: "Known",
      last_name: "Contact",
      email: "known@contoso.example",
      company: "Contoso",
    });
    expect(lead.assignment?.repId).toBe("priya-raman");
    const contact = await until(async () => {
      const state = await control("state");
      const c = state.contacts.find((x: any) => x.properties.email === "known@contoso.example");
      return c?.properties.baton_source ? c : undefined; // written by Baton's upsert
    }, "the contact's write-back");
    expect(contact.properties.hubspot_owner_id).toBe("599");
    expect(
      (await control("state")).contacts.filter((x: any) => x.properties.email === "known@contoso.example"),
    ).toHaveLength(1);

    await page.evaluate((id) => (location.hash = `#/leads/${id}`), lead.leadId);
    const card = page.getByTestId("lead-crm");
    await card.locator('[data-action="upsert_lead"][data-status="done"]').waitFor();
    const link = card.getByRole("link", { name: "Open the HubSpot record" });
    expect(await link.getAttribute("href")).toBe(`${hubspot.url}/contacts/4242/record/0-1/${contact.id}`);
    expect(await audit(page, "lead page with CRM sync")).toEqual([]);
  });

  test("switch to Salesforce through its approval page, map the unmapped user, and watch a lead become a Lead with its owner", async () => {
    // One CRM per deployment: with HubSpot connected, the Salesforce section says so.
    await e2e.baton.admin("POST", "/v1/admin/integrations/hubspot/connect", {
      privateAppToken: `pat-${PORTAL}`,
    });
    const PRIYA = "005000000000599AAA";
    const { accounts } = await sfControl("seed", {
      users: [
        {
          Id: "005000000000502AAA",
          Email: "ava.thompson@baton.example",
          Name: "Ava Thompson",
          IsActive: true,
          UserType: "Standard",
        },
        {
          Id: PRIYA,
          Email: "priya@personal.example",
          Name: "Priya Raman",
          IsActive: true,
          UserType: "Standard",
        },
      ],
      accounts: [{ Name: "Globex", Website: "https://www.globex.example", OwnerId: PRIYA }],
    });
    await publishCrmRule();
    const page = await openAdmin(e2e, "#/integrations");
    const section = page.getByTestId("salesforce-section");
    await section.getByText(/HubSpot is connected\. Baton syncs one CRM per deployment/).waitFor();
    const hubspotSection = page.getByTestId("hubspot-section");
    await hubspotSection.getByRole("button", { name: "Disconnect HubSpot" }).click();
    await hubspotSection.getByText(/^Disconnected\./).waitFor();
    await page.reload();

    // The fake's approval page approves at once and sends the browser back through Baton's callback.
    await section.getByRole("button", { name: "Connect with Salesforce" }).click();
    await page.waitForURL(/\/admin\/#\/integrations$/);
    await section.getByText(/via approval \(OAuth\) · org 00D/).waitFor();
    expect(await hubspotSection.getByTestId("hubspot-other-crm").textContent()).toMatch(
      /^Salesforce is connected\. Baton syncs one CRM per\s+deployment/,
    );
    expect(await section.getByText(salesforce.url).count()).toBe(1); // the instance
    expect(await section.getByTestId("unmapped-owners").textContent()).toContain("1 owner is not mapped");
    // The select shows the email match once the rep directory (the live config) has arrived.
    await section.locator('option[value="ava-thompson"]').first().waitFor({ state: "attached" });
    expect(await section.getByLabel("Rep for Ava Thompson").inputValue()).toBe("ava-thompson");
    await section.getByLabel("Rep for Priya Raman").selectOption("priya-raman");
    await section.getByRole("button", { name: "Save owner mapping" }).click();
    await section.getByText("Owner mapping saved.").waitFor();
    await section.getByText("Every active owner maps to a rep.").waitFor();
    await section.getByLabel(/Matched Account lookup field/).fill("Matched_Account__c");
    await section.getByRole("button", { name: "Save record settings" }).click();
    await section.getByText("Record settings saved.").waitFor();
    await section.getByText("Every active owner maps to a rep.").waitFor(); // still mapped
    expect(await audit(page, "integrations (Salesforce connected)")).toEqual([]);
    await e2e.screenshot(page, "dashboard-integrations-salesforce");

    // A lead from Priya's account: routed to her, written back as a Lead with her user and the Account.
    const lead = await submitLead(e2e.baton, {
      first_name: "Pat",
      last_name: "Globex",
      email: "pat@globex.example",
      company: "Globex",
    });
    expect(lead.assignment?.repId).toBe("priya-raman");
    const written = await until(async () => {
      const { leads } = await sfControl("state");
      return leads.find((l: any) => l.Email === "pat@globex.example");
    }, "the Lead's write-back");
    expect(written).toMatchObject({ OwnerId: PRIYA, Matched_Account__c: accounts[0], LastName: "Globex" });
    expect(
      (await sfControl("state")).leads.filter((l: any) => l.Email === "pat@globex.example"),
    ).toHaveLength(1);

    await page.evaluate((id) => (location.hash = `#/leads/${id}`), lead.leadId);
    const card = page.getByTestId("lead-crm");
    await card.locator('[data-action="upsert_lead"][data-status="done"]').waitFor();
    const link = card.getByRole("link", { name: "Open the Salesforce record" });
    expect(await link.getAttribute("href")).toBe(`${salesforce.url}/lightning/r/Lead/${written.Id}/view`);
  });

  test("install the HubSpot app through OAuth from the dashboard, and come back connected", async () => {
    // One CRM per deployment: the Salesforce connection of the test above goes first.
    const res = await fetch(`${e2e.baton.baseUrl}/v1/admin/integrations/salesforce`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${e2e.baton.adminToken}` },
    });
    expect(res.status).toBe(204);
    const page = await openAdmin(e2e, "#/integrations");
    const section = page.getByTestId("hubspot-section");
    await section.getByText("Not connected").waitFor();
    // HubSpot's consent screen (the fake approves at once) sends the browser to Baton's
    // callback, which stores the sealed refresh token and returns to the Integrations screen.
    await section.getByRole("button", { name: "Install the HubSpot app (OAuth)" }).click();
    await page.waitForURL(/\/admin\/#\/integrations$/);
    await section.getByText("via OAuth app").waitFor();
    await section.getByRole("button", { name: "Test connection" }).click();
    await section.getByText(/Connection works/).waitFor();
  });
});

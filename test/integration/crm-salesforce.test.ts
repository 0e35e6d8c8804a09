import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runCronJobs } from "../../worker/cron/scheduled";
import { crmSyncJob } from "../../worker/crm/cron";
import { SALESFORCE_API_VERSION } from "../../worker/crm/salesforce/config";
import { defineSalesforceFaultRun } from "./crm-salesforce-faults-scenario";
import { api, manageApi } from "./booking-fixtures";
import { NOW } from "./intake-fixtures";
import { admin, BASE, call, callSettled } from "./helpers";
import { queued } from "./notify-helpers";
import {
  accountOwnerRule,
  connectSalesforce,
  deliverCrm,
  publishCrmConfig,
  resetCrmIsolate,
  SALESFORCE,
  salesforceState,
  sfControl,
  SF_USER_OF_REP,
  SF_USERS,
  submit,
  submitTimed,
} from "./crm-fixtures";

const ORG = "acme";
const AVA = SF_USER_OF_REP["ava-thompson"]!;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  await publishCrmConfig(accountOwnerRule);
  await connectSalesforce(ORG, {
    object: "Lead",
    accountLookupField: "Matched_Account__c",
    utmFields: { source: "Baton_UTM_Source__c" },
    eventFields: ["company", "employees"],
  });
});
afterAll(() => vi.useRealTimers());
beforeEach(() => resetCrmIsolate());

async function trace(leadId: string) {
  const body = await (await admin(`/v1/admin/leads/${leadId}`)).json<any>();
  return body.decisions[0].trace;
}

const requests = async () =>
  (await sfControl(ORG, "requests")).requests as { method: string; path: string; status: number }[];

describe("a lead whose domain matches a Salesforce Account with an owner", () => {
  it("goes to the owner, becomes a Lead with that OwnerId and the account lookup, and its booking one Event", async () => {
    const { accounts } = await sfControl(ORG, "seed", {
      accounts: [
        { Name: "Analytical Engines", Website: "https://www.analytical.example/about", OwnerId: AVA },
      ],
    });
    const before = (await requests()).length;
    let lead!: Awaited<ReturnType<typeof submit>>;
    const messages = await queued(async () => (lead = await submit("Ada@Analytical.example")));
    expect(lead.status).toBe(201);
    expect(lead.body.assignment?.repId).toBe("ava-thompson");
    expect(lead.body.slots.length).toBeGreaterThan(0);
    // The lookup (Contact, Lead and Account queries) is one Composite request: one API call.
    const lookup = (await requests()).slice(before);
    expect(lookup.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /services/data/${SALESFORCE_API_VERSION}/composite`,
    ]);
    const t = await trace(lead.body.leadId);
    expect(t.crm).toMatchObject({ provider: "salesforce", status: "ok" });
    expect(t.routing.facts).toMatchObject({
      "crm.contact.exists": false,
      "crm.company.exists": true,
      "crm.company.id": accounts[0],
      "crm.company.ownerRepId": "ava-thompson",
    });
    expect(t.routing.destinationNote).toBe("CRM company owner ava-thompson");

    expect(await deliverCrm([...messages, ...messages])).toEqual({ undelivered: [], dead: [] });
    let state = await salesforceState(ORG);
    const leads = state.leads.filter((l) => l.Email === "ada@analytical.example");
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      OwnerId: AVA,
      Matched_Account__c: accounts[0],
      LastName: "Lovelace",
      Company: "Analytical",
      LeadSource: "Web",
      Baton_UTM_Source__c: "google",
    });

    const booked = await queued(async () => {
      const res = await callSettled(`/v1/leads/${lead.body.leadId}/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ start: lead.body.slots[0]!.start, bookingToken: lead.body.bookingToken }),
      });
      expect(res.status).toBe(201);
      manageUrl = (await res.json<{ manageUrl: string }>()).manageUrl;
    });
    const crm = booked.filter((m) => m.channel === "crm");
    expect(crm.map((m) => m.eventType)).toEqual(["crm.log_meeting"]);
    await deliverCrm([...crm, ...crm]); // a redelivery must not add a second Event
    state = await salesforceState(ORG);
    expect(state.events).toHaveLength(1);
    expect(state.events[0]).toMatchObject({
      WhoId: leads[0]!.Id,
      OwnerId: AVA,
      StartDateTime: lead.body.slots[0]!.start,
      Subject: "Meeting booked with Baton",
    });
    expect(state.events[0]!.Description).toContain("company: Analytical");

    // Reschedule: the same Event moves; cancel: it is marked canceled. Never a second Event.
    const moved = await queued(async () => {
      const res = await api(manageApi(manageUrl, "/reschedule"), {
        method: "POST",
        json: { start: lead.body.slots[1]!.start },
      });
      expect(res.status).toBe(201);
      manageUrl = (await res.json<{ manageUrl: string }>()).manageUrl;
    });
    expect(moved.filter((m) => m.channel === "crm").map((m) => m.eventType)).toEqual(["crm.move_meeting"]);
    await deliverCrm(moved);
    const canceled = await queued(async () => {
      expect((await api(manageApi(manageUrl, "/cancel"), { method: "POST" })).status).toBe(200);
    });
    await deliverCrm(canceled);
    state = await salesforceState(ORG);
    expect(state.events).toHaveLength(1);
    expect(state.events[0]).toMatchObject({
      StartDateTime: lead.body.slots[1]!.start,
      Subject: "Canceled: Meeting booked with Baton",
    });

    const sync = await (await admin(`/v1/admin/leads/${lead.body.leadId}/crm`)).json<any>();
    expect(sync.provider).toBe("salesforce");
    expect(sync.recordUrl).toMatch(new RegExp(`/lightning/r/Lead/${leads[0]!.Id}/view$`));
  });
});

let manageUrl = "";

describe("Salesforce faults", () => {
  it("mints a new session once on 401 INVALID_SESSION_ID and lands the write-back", async () => {
    const messages = await queued(async () =>
      expect((await submit("expired@session.example")).status).toBe(201),
    );
    await sfControl(ORG, "expire");
    expect(await deliverCrm(messages)).toEqual({ undelivered: [], dead: [] });
    const state = await salesforceState(ORG);
    expect(state.leads.filter((l) => l.Email === "expired@session.example")).toHaveLength(1);
  });

  it("shows a validation rule's message to the admin, and lands after the rule is fixed and redelivered", async () => {
    await sfControl(ORG, "rules", {
      validation: [
        {
          object: "Lead",
          field: "Email",
          equals: "blocked@rules.example",
          message: "Web leads from rules.example need a phone",
        },
      ],
    });
    let lead!: Awaited<ReturnType<typeof submit>>;
    const messages = await queued(async () => (lead = await submit("blocked@rules.example")));
    const crm = messages.filter((m) => m.channel === "crm");
    expect((await deliverCrm(crm)).undelivered).toEqual([]);
    const sync = await (await admin(`/v1/admin/leads/${lead.body.leadId}/crm`)).json<any>();
    expect(sync.syncs[0]).toMatchObject({ action: "upsert_lead", status: "dead", attempts: 1 });
    expect(sync.syncs[0].lastError).toBe(
      "Salesforce 400 FIELD_CUSTOM_VALIDATION_EXCEPTION: Web leads from rules.example need a phone (fields: Email)",
    );
    await sfControl(ORG, "rules", { validation: [] });
    const again = await queued(async () => {
      const res = await admin(`/v1/admin/deliveries/${encodeURIComponent(crm[0]!.id)}/redeliver`, {
        method: "POST",
      });
      expect(res.status).toBeLessThan(300);
    });
    await deliverCrm(again);
    const state = await salesforceState(ORG);
    expect(state.leads.filter((l) => l.Email === "blocked@rules.example")).toHaveLength(1);
  });

  it("answers with slots within the deadline when Salesforce hangs", async () => {
    await sfControl(ORG, "faults", { queue: ["hang"] });
    const { lead, ms } = await submitTimed("slow@hang.example");
    expect(lead.status).toBe(201);
    expect(lead.body.slots.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(3000);
    const t = await trace(lead.body.leadId);
    expect(t.crm).toMatchObject({ provider: "salesforce", status: "timeout" });
  });
});

describe("one CRM per deployment", () => {
  it("refuses to connect HubSpot while Salesforce is connected, and says why", async () => {
    const res = await admin("/v1/admin/integrations/hubspot/connect", {
      method: "POST",
      body: { privateAppToken: "pat-elsewhere", portalId: "1" },
    });
    expect(res.status).toBe(409);
    const body = await res.json<any>();
    expect(body.error.message).toMatch(/Salesforce is connected\. Baton syncs one CRM per deployment/);
  });
});

describe("where the access token may go", () => {
  it("refuses a token response naming an instance URL outside Salesforce's domains, and keeps the connection", async () => {
    const before = await (await admin("/v1/admin/integrations/salesforce")).json<any>();
    await sfControl("rogue", "seed", { users: SF_USERS });
    await sfControl("rogue", "clock", { now: Date.now() });
    await sfControl("rogue", "instance", { url: "https://login.salesforce.com.attacker.example" });
    const res = await admin("/v1/admin/integrations/salesforce/connect", {
      method: "POST",
      body: { username: "integration@rogue" },
    });
    expect(res.status).toBe(422);
    expect((await res.json<any>()).error.message).toMatch(
      /instance URL outside Salesforce's domains \(login\.salesforce\.com\.attacker\.example\)/,
    );
    const after = await (await admin("/v1/admin/integrations/salesforce")).json<any>();
    expect(after.instanceUrl).toBe(before.instanceUrl);
    expect(after.status).toBe("connected");
  });
});

describe("account sync from Salesforce", () => {
  it("pulls Accounts changed since the cursor, with ParentId kept as the parent domain", async () => {
    await sfControl(ORG, "seed", {
      accounts: [
        {
          Id: "001000000000P01AAA",
          Name: "Globex Holdings",
          Website: "globex-holdings.example",
          OwnerId: AVA,
        },
        { Name: "Globex Europe", Website: "https://eu.globex.example", ParentId: "001000000000P01AAA" },
      ],
    });
    await runCronJobs(env, Date.now(), [crmSyncJob]);
    const row = await env.DB.prepare(
      "SELECT domain, owner_rep_id, parent_domain FROM accounts WHERE domain = 'eu.globex.example'",
    ).first<any>();
    expect(row).toEqual({
      domain: "eu.globex.example",
      owner_rep_id: null,
      parent_domain: "globex-holdings.example",
    });
    const parent = await env.DB.prepare(
      "SELECT owner_rep_id FROM accounts WHERE domain = 'globex-holdings.example'",
    ).first<any>();
    expect(parent).toEqual({ owner_rep_id: "ava-thompson" });
  });
});

describe("Salesforce settings", () => {
  it("changes only the settings sent: saving LeadSource keeps the owner overrides and the lookup field", async () => {
    const put = async (body: object) => {
      const res = await admin("/v1/admin/integrations/salesforce/settings", { method: "PUT", body });
      expect(res.status).toBe(200);
      return (await res.json<any>()).settings;
    };
    await put({ ownerOverrides: { "005000000000599AAA": "rachel-kim" } });
    expect(await put({ leadSource: "Webinar" })).toMatchObject({
      object: "Lead",
      accountLookupField: "Matched_Account__c",
      ownerOverrides: { "005000000000599AAA": "rachel-kim" },
      eventFields: ["company", "employees"],
      leadSource: "Webinar",
    });
    await put({ ownerOverrides: {}, leadSource: "Web" });
  });
});

describe("connecting through Salesforce's approval page (OAuth 2.0 web server flow)", () => {
  it("exchanges the code with the same redirect_uri, seals the refresh token, and refreshes the session after 401 INVALID_SESSION_ID", async () => {
    const APPROVED = "approved";
    await sfControl(APPROVED, "seed", { users: SF_USERS });
    expect((await admin("/v1/admin/integrations/salesforce", { method: "DELETE" })).status).toBe(204);
    const start = await admin("/v1/admin/integrations/salesforce/oauth", { method: "POST" });
    expect(start.status).toBe(200);
    const approval = new URL((await start.json<{ url: string }>()).url);
    expect(`${approval.origin}${approval.pathname}`).toBe(`${SALESFORCE}/services/oauth2/authorize`);
    expect(Object.fromEntries(approval.searchParams)).toMatchObject({
      response_type: "code",
      client_id: (env as unknown as Record<string, string>).SALESFORCE_CLIENT_ID,
      redirect_uri: `${BASE}/v1/crm/salesforce/callback`,
      scope: "api refresh_token",
    });

    // The admin signs in to the org and approves; Salesforce sends the browser back with a code.
    approval.searchParams.set("org", APPROVED);
    const approved = await fetch(approval, { redirect: "manual" });
    expect(approved.status).toBe(302);
    const back = new URL(approved.headers.get("Location")!);
    expect(back.searchParams.get("state")).toBe(approval.searchParams.get("state"));
    const code = back.searchParams.get("code")!;
    const tampered = `${back.pathname}?code=${code}&state=${back.searchParams.get("state")}x`;
    expect((await call(tampered)).status).toBe(400); // refused before the code is spent
    const landed = await call(`${back.pathname}${back.search}`, { redirect: "manual" });
    expect(landed.status, await landed.clone().text()).toBe(302);
    expect(landed.headers.get("Location")).toBe("/admin/#/integrations");
    expect((await call(`${back.pathname}${back.search}`)).status).toBe(400); // a code works once

    const status = await (await admin("/v1/admin/integrations/salesforce")).json<any>();
    expect(status).toMatchObject({
      connected: true,
      authKind: "oauth",
      instanceUrl: SALESFORCE,
      status: "connected",
    });
    expect(status.orgId).toMatch(/^00D/);
    expect(status.owners).toHaveLength(SF_USERS.length); // listed right away for the owner mapping
    const row = await env.DB.prepare(
      "SELECT encrypted_secret AS sealed FROM crm_connections WHERE id = 'salesforce'",
    ).first<{ sealed: string }>();
    expect(row?.sealed).toBeTruthy();
    expect(row?.sealed).not.toContain("5Aep"); // the fake's refresh tokens start so: sealed, not stored

    // Every session comes from the refresh token; Salesforce ends it (401) and Baton refreshes once.
    const lands = async (email: string) => {
      const messages = await queued(async () => expect((await submit(email)).status).toBe(201));
      expect(await deliverCrm(messages)).toEqual({ undelivered: [], dead: [] });
      expect((await salesforceState(APPROVED)).leads.filter((l) => l.Email === email)).toHaveLength(1);
    };
    resetCrmIsolate();
    await lands("first@approved.example");
    const { grants: before } = await sfControl(APPROVED, "requests");
    expect(before[0]).toBe("authorization_code");
    expect(before.slice(1).every((g: string) => g === "refresh_token")).toBe(true);
    await sfControl(APPROVED, "expire");
    await lands("second@approved.example");
    const after = await sfControl(APPROVED, "requests");
    expect(after.grants.slice(before.length)).toEqual(["refresh_token"]);
    expect(after.requests.filter((r: { status: number }) => r.status === 401).length).toBeGreaterThan(0);
  });
});

// The fault matrix at suite size; `npm run bench:crm` runs it at 1,000 leads.
describe("fault matrix", () => defineSalesforceFaultRun("faulty-sf", 40, 180_000));

import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, expect, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { crmBreaker } from "../../worker/crm/lookup";
import { forgetCrmConnection } from "../../worker/crm/runtime";
import type { NotificationMessage } from "../../worker/notify/channel";
import { callControl } from "../fakes/control-client";
import { admin, callSettled, clone } from "./helpers";
import { NOW } from "./intake-fixtures";
import { deliver } from "./notify-helpers";

/** The fake HubSpot started by vitest.config.ts (test/fakes/hubspot.ts). */
export const HUBSPOT = (env as unknown as Record<string, string>).HUBSPOT_API_ROOT ?? "";

/** Owners of the fake portal: three demo reps by email, one nobody maps. */
export const OWNERS = [
  { id: "501", email: "rachel.kim@baton.example", firstName: "Rachel", lastName: "Kim" },
  { id: "502", email: "ava.thompson@baton.example", firstName: "Ava", lastName: "Thompson" },
  { id: "503", email: "marcus.johnson@baton.example", firstName: "Marcus", lastName: "Johnson" },
  { id: "599", email: "stranger@elsewhere.example", firstName: "No", lastName: "Rep" },
];
export const OWNER_OF_REP: Record<string, string> = {
  "rachel-kim": "501",
  "ava-thompson": "502",
  "marcus-johnson": "503",
};

export const control = (portal: string, path: string, body?: unknown) =>
  callControl(`${HUBSPOT}/__control/${path}?portal=${portal}`, body);

export type HubSpotState = {
  contacts: { id: string; properties: Record<string, string | null>; associations: string[] }[];
  companies: { id: string; properties: Record<string, string | null> }[];
  meetings: { id: string; properties: Record<string, string | null>; associations: string[] }[];
};
export const hubspotState = (portal: string): Promise<HubSpotState> => control(portal, "state");

/** The demo config with "known CRM contact → its CRM owner" as the first rule. */
export async function publishCrmConfig(change: (config: any) => void = () => {}) {
  const config = clone(demoConfig) as any;
  change(config);
  config.ruleSets[0].rules.unshift({
    id: "crm-known",
    name: "Known CRM contact goes to its owner",
    when: { fact: "crm.contact.exists", op: "eq", value: true },
    then: { type: "crm_owner", fallbackTeamId: "sdr-na" },
  });
  const res = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  expect(res.status).toBe(201);
}

/** Seeds the portal's owners and connects Baton to it with a private-app token. */
export async function connectPortal(portal: string) {
  await control(portal, "seed", { owners: OWNERS });
  const res = await admin("/v1/admin/integrations/hubspot/connect", {
    method: "POST",
    body: { privateAppToken: `pat-${portal}`, portalId: "12345" },
  });
  expect(res.status).toBe(201);
  resetCrmIsolate();
}

/**
 * A HubSpot test file's set-up: `Date` frozen at NOW, the CRM config published and `portal`
 * connected before the file's tests, a fresh isolate before each, real timers after them all.
 */
export function setUpHubSpotFile(portal: string) {
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    await publishCrmConfig();
    await connectPortal(portal);
  });
  afterAll(() => vi.useRealTimers());
  beforeEach(() => resetCrmIsolate());
}

/** The routing trace of a lead's first decision, as the admin API shows it. */
export async function trace(leadId: string) {
  const res = await admin(`/v1/admin/leads/${leadId}`);
  const body = await res.json<any>();
  return body.decisions[0].trace;
}

/** Forgets this isolate's cached connection and closes the circuit between tests. */
export function resetCrmIsolate() {
  forgetCrmConnection();
  crmBreaker.success();
}

let n = 0;
/** One submission to the demo form; returns the response body and status. */
export async function submit(email: string) {
  const res = await callSettled("/v1/forms/demo/submissions", {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": `203.0.113.${++n % 250}` },
    body: JSON.stringify({
      fields: {
        first_name: "Ada",
        last_name: "Lovelace",
        email,
        company: "Analytical",
        employees: "1-49",
        country: "US",
      },
      context: { utm: { utm_source: "google", utm_campaign: "q4" } },
    }),
  });
  return {
    status: res.status,
    body: await res.json<{
      leadId: string;
      bookingToken: string;
      slots: { start: string }[];
      assignment: { repId: string } | null;
    }>(),
  };
}

/**
 * `submit` timed on the real clock (the files freeze `Date`; a hanging CRM is cut by a real
 * timer), the frozen time put back after; `ms` is how long the visitor waited.
 */
export async function submitTimed(email: string) {
  const started = Date.now();
  vi.useRealTimers();
  const t0 = performance.now();
  const lead = await submit(email);
  const ms = performance.now() - t0;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(started);
  return { lead, ms };
}

/**
 * Delivers CRM messages as the queue would: retries go round again at the next attempt until
 * every message is acked or dead, at most `rounds` times.
 */
export async function deliverCrm(messages: NotificationMessage[], rounds = 8) {
  let pending = messages.filter((m) => m.channel === "crm");
  let attempts = 1;
  const dead: string[] = [];
  while (pending.length && attempts <= rounds) {
    const { retries } = await deliver(pending, attempts);
    const again = new Set(retries.map((r) => r.id));
    pending = pending.filter((m) => again.has(m.id));
    attempts++;
  }
  return { undelivered: pending.map((m) => m.id), dead };
}

/** The fake Salesforce started by vitest.config.ts (test/fakes/salesforce.ts). */
export const SALESFORCE = (env as unknown as Record<string, string>).SALESFORCE_LOGIN_URL ?? "";

/** Users of the fake org: three demo reps by email, one nobody maps. */
export const SF_USERS = [
  {
    Id: "005000000000501AAA",
    Email: "rachel.kim@baton.example",
    Name: "Rachel Kim",
    IsActive: true,
    UserType: "Standard",
  },
  {
    Id: "005000000000502AAA",
    Email: "ava.thompson@baton.example",
    Name: "Ava Thompson",
    IsActive: true,
    UserType: "Standard",
  },
  {
    Id: "005000000000503AAA",
    Email: "marcus.johnson@baton.example",
    Name: "Marcus Johnson",
    IsActive: true,
    UserType: "Standard",
  },
  {
    Id: "005000000000599AAA",
    Email: "stranger@elsewhere.example",
    Name: "No Rep",
    IsActive: true,
    UserType: "Standard",
  },
];
export const SF_USER_OF_REP: Record<string, string> = {
  "rachel-kim": "005000000000501AAA",
  "ava-thompson": "005000000000502AAA",
  "marcus-johnson": "005000000000503AAA",
};

export async function sfControl(org: string, path: string, body?: unknown) {
  const res = await fetch(`${SALESFORCE}/__control/${path}?org=${org}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json<any>();
}

export type SalesforceState = Record<
  "leads" | "contacts" | "accounts" | "events" | "users",
  Record<string, any>[]
>;
export const salesforceState = (org: string): Promise<SalesforceState> => sfControl(org, "state");

/** Seeds the org's users and connects Baton to it server-to-server (JWT bearer flow). */
export async function connectSalesforce(org: string, settings?: object) {
  await sfControl(org, "seed", { users: SF_USERS });
  // The test's frozen clock signs the JWT; the org checks `exp` against the same time.
  await sfControl(org, "clock", { now: Date.now() });
  const res = await admin("/v1/admin/integrations/salesforce/connect", {
    method: "POST",
    body: { username: `integration@${org}` },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  if (settings)
    expect(
      (await admin("/v1/admin/integrations/salesforce/settings", { method: "PUT", body: settings })).status,
    ).toBe(200);
  resetCrmIsolate();
}

/** "A lead whose domain matches a CRM account goes to the account's owner", ahead of the demo rules. */
export function accountOwnerRule(config: any) {
  config.ruleSets[0].rules.unshift({
    id: "crm-account",
    name: "Matched CRM account goes to its owner",
    when: { fact: "crm.company.exists", op: "eq", value: true },
    then: { type: "crm_owner", fallbackTeamId: "sdr-na" },
  });
}

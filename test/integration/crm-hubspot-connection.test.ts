/**
 * HubSpot's connection: a slow or down portal, a missing scope, the account sync and the OAuth
 * install. Routing on a known contact and the write-backs are in crm-hubspot.test.ts.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { runCronJobs } from "../../worker/cron/scheduled";
import { crmSyncJob } from "../../worker/crm/cron";
import { NOW } from "./intake-fixtures";
import { admin, call } from "./helpers";
import { deliver, queued } from "./notify-helpers";
import {
  connectPortal,
  control,
  deliverCrm,
  HUBSPOT,
  hubspotState,
  resetCrmIsolate,
  setUpHubSpotFile,
  submit,
  submitTimed,
  trace,
} from "./crm-fixtures";

// A portal of its own: the faults and scopes set here must not reach crm-hubspot.test.ts.
const PORTAL = "known-connection";

setUpHubSpotFile(PORTAL);

describe("HubSpot slow or down", () => {
  it("answers with slots and routes without CRM facts when HubSpot hangs past the deadline", async () => {
    await control(PORTAL, "faults", { queue: ["hang", "hang"] });
    const { lead, ms } = await submitTimed("slow@analytical.example");
    expect(lead.status).toBe(201);
    expect(lead.body.slots.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(3000);
    const t = await trace(lead.body.leadId);
    expect(t.crm.status).toBe("timeout");
    expect(t.routing.facts["crm.contact.exists"]).toBeUndefined();
  });

  it("lands every pending write-back exactly once when HubSpot comes back", { timeout: 60_000 }, async () => {
    await control(PORTAL, "faults", { down: true });
    const emails = Array.from({ length: 12 }, (_, i) => `down${i}@outage.example`);
    const messages = await queued(async () => {
      for (const email of emails) {
        const lead = await submit(email);
        expect(lead.status).toBe(201);
        expect(lead.body.slots.length).toBeGreaterThan(0);
      }
    });
    // The queue gives up while HubSpot is down: five attempts each, all failed.
    expect((await deliverCrm(messages, 5)).undelivered).toHaveLength(emails.length);
    await control(PORTAL, "faults", { down: false });
    // The cron hands every due write-back to the queue again, once HubSpot answers.
    vi.setSystemTime(NOW + 60 * 60_000);
    const resent = await queued(() => runCronJobs(env, Date.now(), [crmSyncJob]));
    const pendingIds = messages.filter((m) => m.channel === "crm").map((m) => m.id);
    expect(resent.map((m) => m.id)).toEqual(expect.arrayContaining(pendingIds));
    await deliverCrm([...resent, ...resent]);
    const state = await hubspotState(PORTAL);
    for (const email of emails)
      expect(state.contacts.filter((c) => c.properties.email === email)).toHaveLength(1);
    vi.setSystemTime(NOW);
  });
});

describe("a missing scope", () => {
  it("stops the write-back without retries, tells the admin which scope, and lands it after the reconnect", async () => {
    await control(PORTAL, "scopes", {
      scopes: ["crm.objects.owners.read", "crm.objects.companies.read", "crm.objects.contacts.read"],
    });
    let lead!: Awaited<ReturnType<typeof submit>>;
    const messages = await queued(async () => (lead = await submit("scoped@analytical.example")));
    expect(lead.status).toBe(201);
    const crm = messages.filter((m) => m.channel === "crm");
    const { retries } = await deliver(crm, 1);
    expect(retries).toEqual([]); // not retried: only the admin can fix it
    const status = await (await admin("/v1/admin/integrations/hubspot")).json<any>();
    expect(status).toMatchObject({ status: "broken" });
    expect(status.lastError).toContain("HubSpot is missing scopes: crm.objects.contacts.write");
    const sync = await (await admin(`/v1/admin/leads/${lead.body.leadId}/crm`)).json<any>();
    expect(sync.syncs).toMatchObject([{ action: "upsert_lead", status: "failed" }]);
    expect(sync.syncs[0].lastError).toContain("crm.objects.contacts.write");

    // The admin grants the scope and reconnects; the cron hands the write-back over again.
    await control(PORTAL, "scopes", { scopes: null });
    await connectPortal(PORTAL);
    vi.setSystemTime(NOW + 60 * 60_000);
    const resent = await queued(() => runCronJobs(env, Date.now(), [crmSyncJob]));
    vi.setSystemTime(NOW);
    expect(await deliverCrm(resent.filter((m) => m.id === crm[0]!.id))).toEqual({
      undelivered: [],
      dead: [],
    });
    const contacts = (await hubspotState(PORTAL)).contacts.filter(
      (c) => c.properties.email === "scoped@analytical.example",
    );
    expect(contacts).toHaveLength(1);
  });
});

describe("account sync from HubSpot", () => {
  it("pulls companies changed since the cursor into accounts, owners mapped, two pages a run, resuming where it stopped; a new connection starts over", async () => {
    const base = Date.parse("2026-11-01T00:00:00Z");
    // The connection so far (another portal) has synced its own companies, up to a later date:
    // a new connection must start its sync from the beginning, not from that cursor.
    await control(PORTAL, "seed", {
      companies: [
        {
          properties: { domain: "elsewhere.example", name: "Elsewhere" },
          updatedAt: new Date(base + 30 * 86_400_000).toISOString(),
        },
      ],
    });
    await runCronJobs(env, Date.now(), [crmSyncJob]);
    await connectPortal("sync");
    const companies = Array.from({ length: 250 }, (_, i) => ({
      properties: {
        domain: `www.synced${i}.example`,
        name: `Synced ${i}`,
        hubspot_owner_id: i % 2 ? "502" : "599",
      },
      updatedAt: new Date(base + i * 60_000).toISOString(),
    }));
    await control("sync", "seed", { companies });
    const synced = async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM accounts WHERE domain LIKE 'synced%.example'").first<{
        n: number;
      }>())!.n;
    const run = async () => (await runCronJobs(env, Date.now(), [crmSyncJob]), await synced());
    expect(await run()).toBe(200); // two pages of 100
    expect(await run()).toBe(250); // the rest, from the stored cursor
    expect(await run()).toBe(250); // caught up: nothing new, nothing twice
    const rows = await env.DB.prepare(
      "SELECT domain, name, owner_rep_id AS ownerRepId FROM accounts WHERE domain IN ('synced1.example', 'synced2.example') ORDER BY domain",
    ).all();
    expect(rows.results).toEqual([
      { domain: "synced1.example", name: "Synced 1", ownerRepId: "ava-thompson" },
      { domain: "synced2.example", name: "Synced 2", ownerRepId: null },
    ]);
    // A company changed later is pulled again by the next run.
    await control("sync", "seed", {
      companies: [
        {
          properties: { domain: "synced300.example", name: "Late", hubspot_owner_id: "502" },
          updatedAt: new Date(base + 400 * 60_000).toISOString(),
        },
      ],
    });
    expect(await run()).toBe(251);
    const status = await (await admin("/v1/admin/integrations/hubspot")).json<any>();
    expect(status.lastSyncAt).not.toBeNull();
    expect(status.lastSyncError).toBeNull();
  });
});

// Last in the file: the install replaces the private-app connection the tests above use.
describe("the OAuth install", () => {
  const CALLBACK = "https://baton.test/v1/crm/hubspot/callback";
  const startInstall = async () => {
    const res = await admin("/v1/admin/integrations/hubspot/oauth", { method: "POST" });
    expect(res.status).toBe(200);
    return new URL((await res.json<{ url: string }>()).url);
  };
  /** HubSpot's consent screen (the fake approves at once): where it sends the browser back. */
  const consent = async (url: URL, portal: string) => {
    url.searchParams.set("portal", portal);
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("Location")!);
  };
  const callback = (back: URL) => call(`${back.pathname}${back.search}`, { redirect: "manual" });

  it("installs through the redirect and callback, stores the refresh token sealed, and refreshes on expiry", async () => {
    const url = await startInstall();
    expect(`${url.origin}${url.pathname}`).toBe(`${HUBSPOT}/oauth/authorize`);
    expect(url.searchParams.get("redirect_uri")).toBe(CALLBACK);
    expect(url.searchParams.get("scope")).toContain("crm.objects.contacts.write");
    const back = await consent(url, "oauth");
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);

    const res = await callback(back);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/#/integrations");
    const row = await env.DB.prepare(
      "SELECT auth_kind, encrypted_secret, status FROM crm_connections WHERE id = 'hubspot'",
    ).first<{ auth_kind: string; encrypted_secret: string; status: string }>();
    expect(row).toMatchObject({ auth_kind: "oauth", status: "connected" });
    // Sealed (AES-GCM): the fake's refresh tokens are `rt-<uuid>`; none is readable at rest.
    expect(row!.encrypted_secret).not.toMatch(/rt-[0-9a-f-]{36}/);
    // The code was single-use: the same callback again is refused.
    expect((await callback(back)).status).toBe(400);

    resetCrmIsolate();
    const test = () => admin("/v1/admin/integrations/hubspot/test", { method: "POST" });
    expect(await (await test()).json()).toMatchObject({ ok: true });
    // HubSpot ends the access token (401 EXPIRED_AUTHENTICATION): Baton refreshes it and goes on.
    await control("oauth", "expire", {});
    expect(await (await test()).json()).toMatchObject({ ok: true });
    const status = await (await admin("/v1/admin/integrations/hubspot")).json<any>();
    expect(status).toMatchObject({ connected: true, authKind: "oauth", status: "connected" });
  });

  it("refuses a tampered or expired state, and writes nothing", async () => {
    const before = await env.DB.prepare(
      "SELECT updated_at FROM crm_connections WHERE id = 'hubspot'",
    ).first();
    const back = await consent(await startInstall(), "oauth-bad");
    const tampered = new URL(back);
    tampered.searchParams.set("state", `${back.searchParams.get("state")!.slice(0, -2)}xx`);
    const bad = await callback(tampered);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toMatch(/invalid or expired/);

    vi.setSystemTime(NOW + 16 * 60_000); // the state lives 15 minutes
    const late = await callback(back);
    vi.setSystemTime(NOW);
    expect(late.status).toBe(400);
    expect(
      await env.DB.prepare("SELECT updated_at FROM crm_connections WHERE id = 'hubspot'").first(),
    ).toEqual(before);
  });
});

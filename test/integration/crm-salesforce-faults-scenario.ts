/**
 * The fault matrix against Salesforce: N submissions while Salesforce answers a fifth of
 * calls with 403 REQUEST_LIMIT_EXCEEDED, 500, 503 or 401 INVALID_SESSION_ID, a validation rule
 * rejects some leads, and a few leads book. Then every write-back is delivered twice (a
 * redelivery) until it lands. Nothing may be lost (every lead a Lead, every booking an Event,
 * the rejected ones dead with Salesforce's message and landing once fixed and redelivered),
 * nothing duplicated, every answer a 201 with slots. Shared by the suite's lean run
 * (crm-salesforce.test.ts) and the larger one (`npm run bench:crm`).
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { admin, callSettled } from "./helpers";
import { queued } from "./notify-helpers";
import {
  accountOwnerRule,
  connectSalesforce,
  deliverCrm,
  publishCrmConfig,
  resetCrmIsolate,
  salesforceState,
  sfControl,
  SF_USER_OF_REP,
  submit,
} from "./crm-fixtures";

/** Submissions in flight at once: the widget's visitors do not queue behind each other. */
const PARALLEL = 8;
const BOOKINGS = 4;

const emailOf = (i: number) => `lead${i}@sfload${i % 23}.example`;

export function defineSalesforceFaultRun(org: string, leads: number, timeout: number) {
  const rejected = [emailOf(BOOKINGS + 1), emailOf(leads - 2)];
  beforeAll(async () => {
    // Every lead arrives in one frozen minute: caps are lifted (the test is about Salesforce).
    await publishCrmConfig((config) => {
      config.reps.forEach((r: { caps?: object }) => (r.caps = {}));
      accountOwnerRule(config);
    });
    await connectSalesforce(org, { object: "Lead", accountLookupField: "Matched_Account__c" });
    const owners = Object.values(SF_USER_OF_REP);
    await sfControl(org, "seed", {
      accounts: Array.from({ length: 23 }, (_, d) => ({
        Name: `Load ${d}`,
        Website: `https://www.sfload${d}.example`,
        OwnerId: owners[d % owners.length],
      })),
    });
  });

  describe("Salesforce answering 403 REQUEST_LIMIT_EXCEEDED / 5xx / 401 to a fifth of calls", () => {
    it(`loses and duplicates nothing over ${leads} leads and ${BOOKINGS} bookings`, { timeout }, async () => {
      const started = performance.now();
      resetCrmIsolate();
      await sfControl(org, "rules", {
        validation: rejected.map((e) => ({
          object: "Lead",
          field: "Email",
          equals: e,
          message: `Rejected ${e}`,
        })),
      });
      await sfControl(org, "faults", { rate: 0.2, kinds: ["limit", "500", "503", "401", "limit"] });
      const assigned = new Map<string, string>();
      const bad: unknown[] = [];
      const booked: { leadId: string; start: string }[] = [];
      const messages = await queued(async () => {
        for (let i = 0; i < leads; i += PARALLEL) {
          const batch = Array.from({ length: Math.min(PARALLEL, leads - i) }, (_, k) => i + k);
          await Promise.all(
            batch.map(async (n) => {
              const lead = await submit(emailOf(n));
              if (lead.status !== 201 || !lead.body.slots?.length) bad.push({ n, status: lead.status });
              if (lead.body.assignment) assigned.set(emailOf(n), lead.body.assignment.repId);
              if (n < BOOKINGS) {
                // Distinct slots, so bookings never race each other for one rep's time.
                const start = lead.body.slots[n]!.start;
                const res = await callSettled(`/v1/leads/${lead.body.leadId}/bookings`, {
                  method: "POST",
                  headers: { "Content-Type": "application/json" },
                  body: JSON.stringify({ start, bookingToken: lead.body.bookingToken }),
                });
                expect(res.status).toBe(201);
                booked.push({ leadId: lead.body.leadId, start });
              }
            }),
          );
        }
      });
      const submitMs = performance.now() - started;
      expect(bad).toEqual([]);
      expect(assigned.size).toBe(leads);
      const crm = messages.filter((m) => m.channel === "crm");
      expect(crm).toHaveLength(leads + BOOKINGS);
      // Upserts first (a meeting waits for its Lead), each delivered twice, retried until it lands.
      expect(await deliverCrm([...crm, ...crm], 12)).toEqual({ undelivered: [], dead: [] });

      let state = await salesforceState(org);
      const byEmail = new Map<string, typeof state.leads>();
      // Only this run's leads: earlier tests in the same file may have left write-backs behind.
      for (const l of state.leads.filter((x) => /@sfload\d+\.example$/.test(String(x.Email))))
        byEmail.set(String(l.Email), [...(byEmail.get(String(l.Email)) ?? []), l]);
      expect([...byEmail.values()].filter((list) => list.length > 1)).toEqual([]);
      expect(byEmail.size).toBe(leads - rejected.length);
      for (const [email, repId] of assigned) {
        if (rejected.includes(email)) continue;
        expect(byEmail.get(email)?.[0]?.OwnerId, email).toBe(SF_USER_OF_REP[repId]);
      }
      expect(state.events).toHaveLength(BOOKINGS);
      expect(new Set(state.events.map((e) => e.StartDateTime))).toEqual(new Set(booked.map((b) => b.start)));

      // The rejected: dead with Salesforce's message, then fixed and redelivered, landing once.
      expect(await syncCounts()).toEqual({ done: leads - rejected.length + BOOKINGS, dead: rejected.length });
      const status = await (await admin("/v1/admin/integrations/salesforce")).json<any>();
      expect(status.lastError).toBeNull(); // a rejected record is not a broken connection
      await sfControl(org, "rules", { validation: [] });
      const again = await queued(async () => {
        for (const email of rejected) {
          const id = await deadSyncOf(email);
          expect(id.lastError).toContain("FIELD_CUSTOM_VALIDATION_EXCEPTION: Rejected");
          const res = await admin(`/v1/admin/deliveries/${encodeURIComponent(id.id)}/redeliver`, {
            method: "POST",
          });
          expect(res.status).toBeLessThan(300);
        }
      });
      expect(again).toHaveLength(rejected.length);
      await deliverCrm([...again, ...again], 12);
      state = await salesforceState(org);
      for (const email of rejected) expect(state.leads.filter((l) => l.Email === email)).toHaveLength(1);
      expect(await syncCounts()).toEqual({ done: leads + BOOKINGS });

      const calls = (await sfControl(org, "requests")).requests as { status: number }[];
      const failed = calls.filter((r) => r.status === 403 || r.status === 401 || r.status >= 500).length;
      expect(failed / calls.length).toBeGreaterThan(0.15);
      console.log(
        JSON.stringify({
          leads,
          bookings: BOOKINGS,
          salesforceCalls: calls.length,
          failedShare: Number((failed / calls.length).toFixed(3)),
          leadRecords: state.leads.length,
          events: state.events.length,
          submitMs: Math.round(submitMs),
          totalMs: Math.round(performance.now() - started),
        }),
      );
    });
  });
}

/** The upsert write-back of the lead with this email, as the lead page shows it. */
async function deadSyncOf(email: string): Promise<{ id: string; lastError: string }> {
  const row = await env.DB.prepare(
    `SELECT s.id, s.last_error AS lastError FROM crm_sync s JOIN leads l ON l.id = s.lead_id
      WHERE l.email_normalized = ? AND s.action = 'upsert_lead' AND s.status = 'dead'`,
  )
    .bind(email)
    .first<{ id: string; lastError: string }>();
  expect(row, email).not.toBeNull();
  return row!;
}

/** This run's write-backs by status. */
async function syncCounts(): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare(
    `SELECT s.status, count(*) AS n FROM crm_sync s JOIN leads l ON l.id = s.lead_id
      WHERE l.email_normalized LIKE '%@sfload%' GROUP BY s.status`,
  ).all<{ status: string; n: number }>();
  return Object.fromEntries(results.map((r) => [r.status, r.n]));
}

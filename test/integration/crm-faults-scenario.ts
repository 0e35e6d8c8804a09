/**
 * "HubSpot answers 429 or 5xx to a fifth of calls": N submissions, then their write-backs
 * delivered (each twice, as a redelivery would) until they land. Shared by the suite's lean
 * run (crm-hubspot-faults.test.ts, 100 leads) and the 1,000-lead figure
 * (crm-hubspot-faults.bench.ts, `npm run bench:crm`), so both assert the same things.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NOW } from "./intake-fixtures";
import { admin } from "./helpers";
import { queued } from "./notify-helpers";
import {
  connectPortal,
  control,
  deliverCrm,
  hubspotState,
  OWNER_OF_REP,
  publishCrmConfig,
  resetCrmIsolate,
  submit,
} from "./crm-fixtures";

/** Submissions in flight at once: the widget's visitors do not queue behind each other. */
const PARALLEL = 8;

export function defineFaultRun(portal: string, leads: number, timeout: number) {
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    // Every lead arrives in one frozen minute: the demo reps' daily caps (a few dozen) would
    // send the rest to the no-slot fallback. The test is about HubSpot, so caps are lifted.
    await publishCrmConfig((config) => config.reps.forEach((r: { caps?: object }) => (r.caps = {})));
    await connectPortal(portal);
  });
  afterAll(() => vi.useRealTimers());

  describe("HubSpot answering 429 or 5xx to a fifth of calls", () => {
    it(
      `gives ${leads} submissions their 201 with slots, and ${leads} contacts with the right owners, no duplicates`,
      { timeout },
      async () => {
        const started = performance.now();
        resetCrmIsolate();
        await control(portal, "faults", { rate: 0.2, kinds: ["429", "500", "503", "429", "502"] });
        const assigned = new Map<string, string>();
        const answers: { email: string; status: number; slots: number }[] = [];
        const messages = await queued(async () => {
          for (let i = 0; i < leads; i += PARALLEL) {
            const emails = Array.from(
              { length: Math.min(PARALLEL, leads - i) },
              (_, k) => `lead${i + k}@load${(i + k) % 37}.example`,
            );
            await Promise.all(
              emails.map(async (email) => {
                const lead = await submit(email);
                answers.push({ email, status: lead.status, slots: lead.body.slots?.length ?? 0 });
                if (lead.body.assignment) assigned.set(email, lead.body.assignment.repId);
              }),
            );
          }
        });
        const submitMs = performance.now() - started;
        expect(answers.filter((a) => a.status !== 201 || a.slots === 0)).toEqual([]);
        expect(assigned.size).toBe(leads);
        const crm = messages.filter((m) => m.channel === "crm");
        expect(crm).toHaveLength(leads);
        // Each write-back is delivered twice (a redelivery) and retried until it lands.
        expect(await deliverCrm([...crm, ...crm], 10)).toEqual({ undelivered: [], dead: [] });

        const state = await hubspotState(portal);
        const byEmail = new Map<string, typeof state.contacts>();
        for (const c of state.contacts) {
          const email = c.properties.email!;
          byEmail.set(email, [...(byEmail.get(email) ?? []), c]);
        }
        expect([...byEmail.values()].filter((list) => list.length > 1)).toEqual([]);
        expect(byEmail.size).toBe(leads);
        for (const [email, repId] of assigned) {
          const contact = byEmail.get(email)?.[0];
          expect(contact, email).toBeDefined();
          expect(contact!.properties.hubspot_owner_id ?? null).toBe(OWNER_OF_REP[repId] ?? null);
        }
        const requests = (await control(portal, "requests")).requests as { status: number }[];
        const failed = requests.filter((r) => r.status === 429 || r.status >= 500).length;
        expect(failed / requests.length).toBeGreaterThan(0.15);
        const status = await (await admin("/v1/admin/integrations/hubspot")).json<any>();
        expect(status.writeBacks.done).toBe(leads);
        console.log(
          JSON.stringify({
            leads,
            hubspotCalls: requests.length,
            failedShare: Number((failed / requests.length).toFixed(3)),
            contacts: byEmail.size,
            submitMs: Math.round(submitMs),
            totalMs: Math.round(performance.now() - started),
          }),
        );
      },
    );
  });
}

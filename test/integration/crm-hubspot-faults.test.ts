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

const PORTAL = "faulty";
/** The figure. */
const LEADS = 1000;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  // No capacity caps: a thousand leads in one frozen minute would otherwise exhaust every rep.
  await publishCrmConfig((config) => config.reps.forEach((r: { caps?: object }) => (r.caps = {})));
  await connectPortal(PORTAL);
});
afterAll(() => vi.useRealTimers());

describe("HubSpot answering 429 or 5xx to a fifth of calls", () => {
  it(
    `gives ${LEADS} submissions their 201 with slots, and ${LEADS} contacts with the right owners, no duplicates`,
    { timeout: 600_000 },
    async () => {
      resetCrmIsolate();
      await control(PORTAL, "faults", { rate: 0.2, kinds: ["429", "500", "503", "429", "502"] });
      const assigned = new Map<string, string>();
      const messages = await queued(async () => {
        for (let i = 0; i < LEADS; i++) {
          const email = `lead${i}@load${i % 37}.example`;
          const lead = await submit(email);
          expect(lead.status).toBe(201);
          expect(lead.body.slots.length).toBeGreaterThan(0);
          assigned.set(email, lead.body.assignment!.repId);
        }
      });
      const crm = messages.filter((m) => m.channel === "crm");
      expect(crm).toHaveLength(LEADS);
      // Each write-back is delivered twice (a redelivery) and retried until it lands.
      expect(await deliverCrm([...crm, ...crm], 10)).toEqual({ undelivered: [], dead: [] });

      const state = await hubspotState(PORTAL);
      const byEmail = new Map<string, typeof state.contacts>();
      for (const c of state.contacts) {
        const email = c.properties.email!;
        byEmail.set(email, [...(byEmail.get(email) ?? []), c]);
      }
      expect([...byEmail.values()].filter((list) => list.length > 1)).toEqual([]);
      for (const [email, repId] of assigned) {
        const contact = byEmail.get(email)?.[0];
        expect(contact, email).toBeDefined();
        expect(contact!.properties.hubspot_owner_id ?? null).toBe(OWNER_OF_REP[repId] ?? null);
      }
      const requests = (await control(PORTAL, "requests")).requests as { status: number }[];
      const failed = requests.filter((r) => r.status === 429 || r.status >= 500).length;
      expect(failed / requests.length).toBeGreaterThan(0.15);
      const status = await (await admin("/v1/admin/integrations/hubspot")).json<any>();
      expect(status.writeBacks.done).toBe(LEADS);
    },
  );
});

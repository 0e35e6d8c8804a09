import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SignalsResponse } from "../../worker/signals/contract";
import { SIGNAL_REQUESTS_PER_MINUTE } from "../../worker/signals/public-signals";
import { admin, callSettled } from "./helpers";
import { queued } from "./notify-helpers";
import { publish, slaConfig } from "./sla-fixtures";
import { readTrace } from "../../worker/leads/trace-codec";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const OWNER = "ava-thompson";
let token = "";

/** The SLA config plus one signal task rule: a strong signal for a known account goes to its owner. */
function signalsConfig() {
  const config = slaConfig({}) as ReturnType<typeof slaConfig> & Record<string, unknown>;
  config.signals = {
    halfLifeDays: 14,
    tasks: [
      {
        id: "hot-account",
        when: {
          all: [
            { fact: "signal.strength", op: "gte", value: 80 },
            { fact: "account.matched", op: "eq", value: true },
          ],
        },
        then: { type: "account_owner", fallbackTeamId: "sdr-na" },
      },
    ],
  };
  return config;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  await publish(signalsConfig());
  const imported = await admin("/v1/admin/accounts/import", {
    method: "POST",
    body: { accounts: [{ domain: "initech.example", name: "Initech", ownerRepId: OWNER }] },
  });
  expect(imported.status).toBe(200);
  const created = await admin("/v1/admin/tokens", {
    method: "POST",
    body: { name: "intent vendor", scopes: ["signals"] },
  });
  expect(created.status).toBe(201);
  token = (await created.json<{ token: string }>()).token;
});
afterAll(() => vi.useRealTimers());

function send(signals: unknown[], bearer = token) {
  return callSettled("/v1/signals", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ signals }),
  });
}

const signal = (id: string, strength: number, domain = "initech.example") => ({
  id,
  domain,
  kind: "pricing_page",
  strength,
  source: "product",
  occurredAt: new Date(TUESDAY - 3_600_000).toISOString(),
});

async function taskLeads() {
  const { results } = await env.DB.prepare(
    "SELECT l.id, a.rep_id AS repId, a.accept_deadline AS acceptDeadline FROM leads l JOIN assignments a ON a.lead_id = l.id WHERE l.form_id = 'signal:task'",
  ).all<{ id: string; repId: string; acceptDeadline: number | null }>();
  return results;
}

describe("buying signals", () => {
  it("notifies the owner of a strong signal's account once, SLA running; the same id again does nothing", async () => {
    let first!: SignalsResponse;
    const messages = await queued(async () => {
      const res = await send([signal("evt-1", 90)]);
      expect(res.status).toBe(200);
      first = await res.json();
    });
    expect(first).toMatchObject({ stored: 1, duplicates: 0 });
    expect(first.results[0]!.task).toMatchObject({ ruleId: "hot-account", status: "routed" });
    const tasks = await taskLeads();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ id: first.results[0]!.task!.leadId, repId: OWNER });
    expect(tasks[0]!.acceptDeadline).toBeGreaterThan(TUESDAY);
    const notices = messages.filter((m) => m.channel === "email" && m.eventType === "lead.routed");
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]!.payload)).toContain("pricing_page");
    const hooks = await env.DB.prepare(
      "SELECT count(*) AS n FROM outbox WHERE lead_id = ? AND kind = 'lead.routed'",
    )
      .bind(tasks[0]!.id)
      .first<{ n: number }>();
    expect(hooks!.n).toBe(1);

    const again = await queued(async () => {
      const res = await send([signal("evt-1", 90)]);
      expect(await res.json()).toMatchObject({ stored: 0, duplicates: 1 });
    });
    expect(again).toEqual([]);
    expect(await taskLeads()).toHaveLength(1);

    // Another strong signal inside the task cooldown is stored, but the owner has the task already.
    const later = await send([signal("evt-2", 95)]);
    expect((await later.json<SignalsResponse>()).results[0]).toEqual({ id: "evt-2", outcome: "stored" });
    expect(await taskLeads()).toHaveLength(1);
  });

  it("stores a weak signal without a task, and a later form lead from the account carries the facts in its trace", async () => {
    const res = await send([signal("evt-weak", 30)]);
    expect((await res.json<SignalsResponse>()).results[0]).toEqual({ id: "evt-weak", outcome: "stored" });
    const lead = await callSettled("/v1/forms/demo/submissions", {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "198.51.100.90" },
      body: JSON.stringify({
        fields: {
          first_name: "Peter",
          last_name: "Gibbons",
          email: "peter@initech.example",
          company: "Initech",
          employees: "50-199",
          country: "US",
        },
      }),
    });
    const { leadId } = await lead.json<{ leadId: string }>();
    // Traces are stored compressed (trace_z); readTrace reads either column.
    const row = await env.DB.prepare("SELECT trace, trace_z FROM routing_decisions WHERE lead_id = ?")
      .bind(leadId)
      .first<{ trace: string | null; trace_z: ArrayBuffer | null }>();
    const facts = ((await readTrace(row!)) as any).routing.facts;
    expect(facts["account.signals.count"]).toBe(3);
    expect(facts["account.signals.kinds"]).toEqual(["pricing_page"]);
    expect(facts["account.signals.score"]).toBeGreaterThan(100);
  });

  it("refuses tokens without the scope, keeps scoped tokens out of the admin API, and rejects bad domains", async () => {
    expect((await send([signal("evt-x", 90)], env.ADMIN_TOKEN)).status).toBe(401);
    expect((await admin("/v1/admin/leads", { token })).status).toBe(403);
    const bad = await send([signal("evt-bad", 90, "not a domain")]);
    expect((await bad.json<SignalsResponse>()).results[0]).toMatchObject({ outcome: "rejected" });
  });

  it("refuses an unscoped API token as it refuses the bootstrap secret", async () => {
    const created = await admin("/v1/admin/tokens", { method: "POST", body: { name: "an admin's key" } });
    expect(created.status).toBe(201);
    const unscoped = (await created.json<{ token: string }>()).token;
    expect((await admin("/v1/admin/leads", { token: unscoped })).status).toBe(200);
    expect((await send([signal("evt-unscoped", 90)], unscoped)).status).toBe(401);
  });

  it("keeps a domain's newest 200 signals, and deletes those received over a year ago", async () => {
    const count = async (domain: string) =>
      (await env.DB.prepare(
        "SELECT count(*) AS n, min(event_id) AS oldest FROM account_signals WHERE domain = ?",
      )
        .bind(domain)
        .first<{ n: number; oldest: string }>())!;
    vi.setSystemTime(TUESDAY - 400 * 86_400_000);
    const ancient = {
      ...signal("evt-ancient", 10, "umbrella.example"),
      occurredAt: new Date(Date.now()).toISOString(),
    };
    expect((await send([ancient])).status).toBe(200);
    vi.setSystemTime(TUESDAY + 60_000);
    expect((await count("umbrella.example")).n).toBe(1);
    // 250 signals for another domain, oldest first: the 50 oldest go.
    for (let batch = 0; batch < 3; batch++) {
      const signals = Array.from({ length: batch < 2 ? 100 : 50 }, (_, i) => {
        const n = batch * 100 + i;
        return {
          ...signal(`evt-bulk-${String(n).padStart(3, "0")}`, 10, "hooli.example"),
          occurredAt: new Date(TUESDAY - 86_400_000 + n * 60_000).toISOString(),
        };
      });
      expect((await send(signals)).status).toBe(200);
    }
    expect(await count("hooli.example")).toEqual({ n: 200, oldest: "evt-bulk-050" });
    // The year-old signal went with the first write after it aged out.
    expect((await count("umbrella.example")).n).toBe(0);
  });

  it("rate-limits a token per minute", async () => {
    vi.setSystemTime(TUESDAY + 3_600_000);
    let last = 0;
    for (let i = 0; i <= SIGNAL_REQUESTS_PER_MINUTE; i++) last = (await send([])).status;
    expect(last).toBe(429);
  });
});

import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CandidateExplanation, PredictiveSummary } from "../../worker/core/distribution";
import { admin } from "./helpers";
import { assignmentsOf, predictiveConfig, submitLead } from "./sla-fixtures";
import { readTrace } from "../../worker/leads/trace-codec";
import type { TeamDurableObject } from "../../worker/team/team-durable-object";

const TUESDAY = Date.UTC(2026, 11, 1, 15, 0);
const MIN = 60_000;
// The joint fit is refitted once a day: outcomes reported today count from tomorrow's leads.
const WEDNESDAY = TUESDAY + 24 * 60 * MIN;
// What one outcome weighs a day later, at the default 45-day half-life (rounded as the trace).
const ONE_DAY_ON = Math.round(2 ** (-1 / 45) * 1000) / 1000;
const team = () => env.TEAM.getByName("sdr-na");

async function outcome(leadId: string, kind: string) {
  const res = await admin(`/v1/admin/leads/${leadId}/outcomes`, { method: "POST", body: { kind } });
  expect(res.status).toBe(201);
}

type Distribution = { explanation: CandidateExplanation[]; predictive?: PredictiveSummary; mode: string };

async function distributionTrace(leadId: string): Promise<Distribution> {
  const row = await env.DB.prepare(
    "SELECT trace, trace_z FROM routing_decisions WHERE lead_id = ? ORDER BY decided_at DESC LIMIT 1",
  )
    .bind(leadId)
    .first<{ trace: string | null; trace_z: ArrayBuffer | null }>();
  return ((await readTrace(row!)) as { distribution: Distribution[] }).distribution[0]!;
}

const cells = async () => (await team().modelStatus()).cells;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(TUESDAY);
  const res = await admin("/v1/admin/config/versions?publish=true", {
    method: "POST",
    // Segments by country and tier, learning after 2 trials' worth of outcomes (3 resolved
    // leads read as 2.95 a day later, at the default 45-day half-life).
    body: predictiveConfig({ segments: [{ fact: "country" }, { fact: "tier" }], minObservations: 2 }),
  });
  expect(res.status).toBe(201);
});
afterAll(() => vi.useRealTimers());

describe("predictive team object", { timeout: 30_000 }, () => {
  const leads: string[] = [];
  const repOf = async (leadId: string) => (await assignmentsOf(leadId))[0]!.rep_id;

  it("learns from outcomes reported through the admin API and shows its estimates in the trace", async () => {
    for (let i = 0; i < 4; i++) leads.push(await submitLead(TUESDAY + i * MIN));
    const first = await distributionTrace(leads[0]!);
    expect(first.predictive).toMatchObject({ applied: false, reason: "too_little_data", observations: 0 });

    await outcome(leads[0]!, "qualified");
    await outcome(leads[0]!, "won"); // the same lead again: still one success
    await outcome(leads[1]!, "no_show");
    await outcome(leads[2]!, "won");
    await outcome(leads[3]!, "contacted"); // says nothing about conversion
    const segment = first.predictive!.segment!;
    expect(segment).toMatch(/^country=US\|tier=/);
    const expected = [
      { repId: await repOf(leads[0]!), segment, successes: 1, failures: 0 },
      { repId: await repOf(leads[1]!), segment, successes: 0, failures: 1 },
      { repId: await repOf(leads[2]!), segment, successes: 1, failures: 0 },
    ].toSorted((a, b) => a.repId.localeCompare(b.repId));
    expect(await cells()).toEqual(expected);

    const next = await submitLead(WEDNESDAY);
    const trace = await distributionTrace(next);
    expect(trace.mode).toBe("predictive");
    expect(trace.predictive).toMatchObject({ segment, applied: true, reason: "model" });
    // The feature model's exposure: 3 resolved leads, and the pending one a sliver of a trial.
    expect(trace.predictive!.observations).toBeCloseTo(3, 1);
    expect(trace.predictive!.drivers!.length).toBeGreaterThan(0);
    const winner = trace.explanation.find((e) => e.repId === expected.find((c) => c.successes === 1)!.repId)!;
    expect(winner.predictive).toMatchObject({ successes: ONE_DAY_ON, inBand: expect.any(Boolean) });
    expect(winner.predictive!.failures).toBeCloseTo(0, 1);
    expect(winner.predictive!.effects!.map((e) => e.feature)).toEqual(
      expect.arrayContaining([expect.stringMatching(/=/)]),
    );
    for (const e of trace.explanation.filter((x) => x.eligible)) {
      const p = e.predictive!;
      expect(p.lower).toBeLessThanOrEqual(p.mean);
      expect(p.upper).toBeGreaterThanOrEqual(p.mean);
      expect(p.sd).toBeGreaterThan(0);
      expect(p.sampled).toBeGreaterThanOrEqual(0);
    }
    leads.push(next);
    // The leads in SQLite (what a reloaded object fits on) hold what it decided on: 5 leads,
    // 3 resolved, 2 converted.
    const rows = await runInDurableObject(team(), async (_instance, state) =>
      state.storage.sql
        .exec<{ n: number; r: number; s: number }>(
          `SELECT count(*) AS n, SUM(label IS NOT NULL) AS r, SUM(label = 'success') AS s FROM evidence_leads`,
        )
        .one(),
    );
    expect(rows).toEqual({ n: 5, r: 3, s: 2 });
  });

  it("rebuilds a wiped model from D1 outcomes before the next assignment", async () => {
    const before = await cells();
    expect(before.length).toBeGreaterThan(0);
    await runInDurableObject(team(), async (instance: TeamDurableObject, state) => {
      state.storage.sql.exec("DELETE FROM model_stats");
      state.storage.sql.exec("DELETE FROM model_leads");
      state.storage.sql.exec("DELETE FROM evidence_leads");
      state.storage.sql.exec("DELETE FROM meta WHERE key LIKE 'model_%'");
      // Wiped behind the object's back: in production a wiped model is a fresh object, with
      // nothing in memory either.
      instance["model"].reset();
    });
    expect(await cells()).toEqual([]);

    const lead = await submitLead(WEDNESDAY + 20 * MIN);
    expect(await cells()).toEqual(before);
    const rebuilt = (await distributionTrace(lead)).predictive!;
    expect(rebuilt).toMatchObject({ applied: true });
    // The feature model's evidence is rebuilt from the same outcomes: the 3 resolved leads.
    expect(rebuilt.observations).toBeCloseTo(3 * ONE_DAY_ON, 2);
    // The 3 resolved leads from D1, and the lead just assigned.
    expect(await team().evidenceRows()).toMatchObject({ leads: 4 });
  });

  it("counts an outcome of a lead it cannot place after a rebuild from D1", async () => {
    // A lead assigned while the model was gone: the object no longer knows its segment.
    await runInDurableObject(team(), async (_instance, state) => {
      state.storage.sql.exec("DELETE FROM model_leads WHERE lead_id = ?", leads[4]!);
    });
    await outcome(leads[4]!, "opportunity");
    expect((await cells()).reduce((n, c) => n + c.successes, 0)).toBe(2);
    await submitLead(WEDNESDAY + 30 * MIN);
    expect((await cells()).reduce((n, c) => n + c.successes, 0)).toBe(3);
  });

  it("writes one model row per decision; the segment model's comes with the lead's first outcome", async () => {
    const at = WEDNESDAY + 40 * MIN;
    const lead = await submitLead(at);
    const rows = () =>
      runInDurableObject(team(), async (_instance, state) => ({
        model: state.storage.sql
          .exec("SELECT rep_id, segment, label, noted_at FROM model_leads WHERE lead_id = ?", lead)
          .toArray(),
        evidence: state.storage.sql
          .exec("SELECT rep_id, segment, noted_at FROM evidence_leads WHERE lead_id = ?", lead)
          .toArray(),
        trace: state.storage.sql
          .exec<{ explanation: string }>("SELECT explanation FROM leads WHERE lead_id = ?", lead)
          .one().explanation,
      }));
    const before = await rows();
    expect(before.model).toEqual([]);
    // The lead's own row keeps the candidates for a replay, not the model's estimates (D1's
    // trace has those).
    const candidates = JSON.parse(before.trace) as CandidateExplanation[];
    expect(candidates.map((c) => c.repId).length).toBeGreaterThan(1);
    expect(candidates.filter((c) => c.predictive)).toEqual([]);
    const held = before.evidence[0]!;
    expect(held).toEqual({
      rep_id: await repOf(lead),
      segment: expect.stringMatching(/^country=US\|tier=/),
      noted_at: at,
    });
    const successes = async () => (await cells()).reduce((n, c) => n + c.successes, 0);
    const counted = await successes();

    await outcome(lead, "won");
    expect((await rows()).model).toEqual([{ ...held, label: "success" }]);
    expect(await successes()).toBe(counted + 1);
  });
  it("keeps a pending lead through a rebuild, so its later outcome counts in place", async () => {
    const pending = await submitLead(WEDNESDAY + 50 * MIN);
    // An outcome of a lead the object cannot place marks the model stale: the next lead rebuilds.
    const lost = await submitLead(WEDNESDAY + 51 * MIN);
    await runInDurableObject(team(), async (_instance, state) => {
      state.storage.sql.exec("DELETE FROM model_leads WHERE lead_id = ?", lost);
      state.storage.sql.exec("DELETE FROM evidence_leads WHERE lead_id = ?", lost);
    });
    expect(await team().recordOutcome({ leadId: lost, kind: "lost" })).toMatchObject({
      reason: "unknown_lead",
    });
    await submitLead(WEDNESDAY + 52 * MIN);
    // D1 has no outcome of the pending lead, so the rebuilt evidence does not hold it: its
    // model row, written before the rebuild, does.
    const repId = await repOf(pending);
    expect(await team().recordOutcome({ leadId: pending, kind: "won", repId })).toEqual({
      applied: true,
      reason: "counted",
    });
  });
});

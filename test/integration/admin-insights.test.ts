import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { simulateOutcomes } from "../../scripts/demo/outcomes";
import { InsightsSchema, type Insights } from "../../worker/insights/contract";
import { admin, call } from "./helpers";

const NOW = Date.UTC(2026, 11, 1, 15, 0);
const PER_PROFILE = 15;

async function send(method: "POST", path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = path.startsWith("/v1/admin")
    ? await admin(path, { method, body, headers })
    : await call(path, {
        method,
        body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", ...headers },
      });
  expect(res.status).toBe(201);
  return res.json();
}

const insights = async () => {
  const res = await admin("/v1/admin/insights");
  expect(res.status).toBe(200);
  return res.json<Insights>();
};

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  expect(
    (await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: demoConfig })).status,
  ).toBe(201);
  await simulateOutcomes(send, PER_PROFILE);
  // Periods are [from, to): read a minute later, as a real clock would have moved on.
  vi.setSystemTime(NOW + 60_000);
}, 120_000);
afterAll(() => vi.useRealTimers());

describe("GET /v1/admin/insights", { timeout: 60_000 }, () => {
  it("reports rules, teams and reps by outcome with 90% credible intervals", async () => {
    const body = await insights();
    expect(InsightsSchema.safeParse(body).success).toBe(true);
    expect(body.overall).toMatchObject({ leads: 3 * PER_PROFILE, resolved: 3 * PER_PROFILE });
    const rule = body.rules.find((r) => r.id === "emea-enterprise")!;
    expect(rule).toMatchObject({ name: "EMEA enterprise", leads: PER_PROFILE, conversions: 0 });
    const fallback = body.rules.find((r) => r.id === "fallback")!;
    // Small US companies convert half the time: 8 of 15 by the simulator's pattern.
    expect(fallback.conversions).toBe(8);
    for (const s of [...body.rules, ...body.teams, ...body.reps]) {
      expect(s.lower).toBeLessThanOrEqual(s.rate);
      expect(s.rate).toBeLessThanOrEqual(s.upper);
    }
    expect(fallback.lower).toBeGreaterThan(0.25);
    expect(fallback.upper).toBeLessThan(0.75);
    expect(body.teams.map((t) => t.id).toSorted()).toEqual(["emea-enterprise", "sdr-na"]);
    expect(body.reps.reduce((s, r) => s + r.leads, 0)).toBe(3 * PER_PROFILE);
  });

  it("flags the rule that underperforms and suggests a destination that the backtest confirms", async () => {
    const body = await insights();
    const flagIndex = body.flags.findIndex((f) => f.kind === "rule" && f.ruleId === "emea-enterprise");
    expect(flagIndex).toBeGreaterThanOrEqual(0);
    expect(body.flags.filter((f) => f.kind === "rule").map((f) => f.ruleId)).toEqual(["emea-enterprise"]);
    const suggestion = body.suggestions.find((s) => s.flag === flagIndex && s.kind === "destination")!;
    expect(suggestion.change).toMatchObject({ after: { type: "team", teamId: "sdr-na" } });
    expect(suggestion.expected!.after).toBeGreaterThan(suggestion.expected!.before);

    // The active config is untouched; the draft replays through the existing backtest.
    expect(body.version).toBe(1);
    const res = await admin("/v1/admin/backtest", { method: "POST", body: { draft: suggestion.draft } });
    expect(res.status).toBe(200);
    const report = await res.json<any>();
    expect(report.summary).toMatchObject({
      total: 3 * PER_PROFILE,
      destinationChanged: PER_PROFILE,
      newlyToFallback: 0,
    });
    expect(report.loadShift).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "team", id: "sdr-na", delta: PER_PROFILE }),
        expect.objectContaining({ kind: "team", id: "emea-enterprise", delta: -PER_PROFILE }),
      ]),
    );
  });

  it("rejects an empty range and callers without a token", async () => {
    expect((await admin("/v1/admin/insights?from=2026-12-02&to=2026-12-01")).status).toBe(422);
    expect((await call("/v1/admin/insights")).status).toBe(401);
  });
});

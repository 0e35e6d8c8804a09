import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { enrichLead } from "../../worker/intake/enrichment";
import { CircuitBreaker } from "../../worker/intake/enrichment/circuit-breaker";
import { httpEnricher } from "../../worker/intake/enrichment/http";

// Started by vitest.config.ts (test/fakes/enricher.ts); the email's local part picks its mode.
const FAKE_URL = (env as unknown as Record<string, unknown>).FAKE_ENRICHER_URL as string;
if (!FAKE_URL)
  throw new Error("No FAKE_ENRICHER_URL binding: vitest.config.ts must start test/fakes/enricher.ts");
const BUDGET_MS = 200;
// Scheduling slack on a busy 2-core machine; the point is "about the budget", not "2 s".
const EPSILON_MS = 150;
let n = 0;

const input = (mode: string) => ({
  fields: { company: "Acme" },
  email: `${mode}+${++n}-${crypto.randomUUID()}@acme.example`,
  geo: { country: "DE" },
});

async function callsFor(email: string) {
  const res = await fetch(new URL(`/calls?email=${encodeURIComponent(email)}`, FAKE_URL));
  return res.json<{ calls: number; authorization: string | null }>();
}

function enricher(breaker = new CircuitBreaker()) {
  return httpEnricher({ url: FAKE_URL, token: "enrich-secret", breaker });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

describe("HTTP enricher against the fake enricher", () => {
  it("returns the provider's facts as enrich.* facts and sends the bearer token", async () => {
    const lead = input("ok");
    const { facts, note } = await enricher().enrich(lead, BUDGET_MS);
    expect(facts).toEqual({
      "enrich.employees": 1200,
      "enrich.industry": "software",
      "enrich.tech": ["cloudflare", "hubspot"],
      "enrich.public": false,
    });
    expect(note).toMatchObject({ provider: "http", status: "ok", facts: 4, detail: "dropped: hq" });
    expect(await callsFor(lead.email)).toEqual({ calls: 1, authorization: "Bearer enrich-secret" });
  });

  it("gives up on a hanging enricher within its budget", async () => {
    const { value, ms } = await timed(() => enricher().enrich(input("hang"), BUDGET_MS));
    expect(value).toEqual({ facts: {}, note: expect.objectContaining({ status: "timeout" }) });
    expect(ms).toBeGreaterThanOrEqual(BUDGET_MS - 5);
    expect(ms).toBeLessThan(BUDGET_MS + EPSILON_MS);
  });

  it("does not wait 2 s for a slow enricher", async () => {
    const { value, ms } = await timed(() => enricher().enrich(input("slow"), BUDGET_MS));
    expect(value.note.status).toBe("timeout");
    expect(ms).toBeLessThan(BUDGET_MS + EPSILON_MS);
  });

  it("reports a 500 as an error with no facts", async () => {
    const { facts, note } = await enricher().enrich(input("fail"), BUDGET_MS);
    expect(facts).toEqual({});
    expect(note).toMatchObject({ status: "error", detail: "HTTP 500" });
  });

  it("reports malformed JSON as an error with no facts", async () => {
    const { facts, note } = await enricher().enrich(input("malformed"), BUDGET_MS);
    expect(facts).toEqual({});
    expect(note).toMatchObject({ status: "error", detail: "malformed JSON" });
  });

  it("stops calling after five failures in a row, then probes again after the cooldown", async () => {
    let now = Date.UTC(2026, 0, 5);
    const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 30_000 }, () => now);
    const http = enricher(breaker);
    const failing = input("fail");
    for (let i = 0; i < 5; i++) expect((await http.enrich(failing, BUDGET_MS)).note.status).toBe("error");

    const refused = await http.enrich(failing, BUDGET_MS);
    expect(refused.note.status).toBe("circuit_open");
    expect((await callsFor(failing.email)).calls).toBe(5);

    now += 30_000;
    const probe = input("ok");
    expect((await http.enrich(probe, BUDGET_MS)).note.status).toBe("ok");
    expect((await callsFor(probe.email)).calls).toBe(1);
    expect(breaker.state).toEqual({ kind: "closed", failures: 0 });
  });

  it("reports an unreachable enricher as an error", async () => {
    const dead = httpEnricher({ url: "http://127.0.0.1:9/enrich", breaker: new CircuitBreaker() });
    expect((await dead.enrich(input("ok"), BUDGET_MS)).note).toMatchObject({
      status: "error",
      detail: "unreachable",
    });
  });
});

describe("enrichLead", () => {
  it("runs the built-in and the HTTP provider when ENRICHMENT_URL is set", async () => {
    const lead = input("ok");
    const result = await enrichLead({ ENRICHMENT_URL: FAKE_URL, ENRICHMENT_TOKEN: "t0k" }, lead);
    expect(result.facts["enrich.industry"]).toBe("software");
    expect(result.notes.map((x) => [x.provider, x.status])).toEqual([
      ["builtin", "ok"],
      ["http", "ok"],
    ]);
    expect((await callsFor(lead.email)).authorization).toBe("Bearer t0k");
  });

  it("runs only the built-in provider when no URL is configured", async () => {
    const result = await enrichLead({}, input("ok"));
    expect(result).toEqual({
      facts: {},
      notes: [expect.objectContaining({ provider: "builtin", status: "ok" })],
    });
  });

  it("skips the HTTP provider, without failing, when its settings are invalid", async () => {
    const result = await enrichLead({ ENRICHMENT_URL: "ftp://nope", ENRICHMENT_BUDGET_MS: "9" }, input("ok"));
    expect(result.notes[1]).toMatchObject({
      provider: "http",
      status: "skipped",
      detail: "invalid ENRICHMENT_URL, ENRICHMENT_BUDGET_MS",
    });
  });

  it("keeps a hanging enricher within the default 300 ms budget", async () => {
    const { value, ms } = await timed(() => enrichLead({ ENRICHMENT_URL: FAKE_URL }, input("hang")));
    expect(value.notes[1]).toMatchObject({ provider: "http", status: "timeout" });
    expect(ms).toBeLessThan(300 + EPSILON_MS);
  });
});

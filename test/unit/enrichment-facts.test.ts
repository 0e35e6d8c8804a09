import { afterEach, describe, expect, it, vi } from "vitest";
import { enrichmentFacts, MAX_ENRICHMENT_FACTS } from "../../worker/core/enrichment/facts";
import { runEnrichers, type Enricher } from "../../worker/intake/enrichment/provider";
import { builtinEnricher } from "../../worker/intake/enrichment/builtin";

describe("enrichmentFacts", () => {
  it("namespaces good facts under enrich. and lists the ones it drops", () => {
    const raw = JSON.parse(
      '{"employees":1200,"industry":" software ","tech":["a","b"],"public":false,' +
        '"hq":{"city":"x"},"none":null,"Bad-Name":1,"__proto__":{"polluted":true},"inf":1e400}',
    );
    const { facts, dropped } = enrichmentFacts(raw);
    expect(facts).toEqual({
      "enrich.employees": 1200,
      "enrich.industry": "software",
      "enrich.tech": ["a", "b"],
      "enrich.public": false,
    });
    expect(dropped.toSorted()).toEqual(["Bad-Name", "__proto__", "hq", "inf", "none"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("drops over-long strings and lists with non-strings", () => {
    const { facts } = enrichmentFacts({ long: "x".repeat(201), mixed: ["a", 1], empty: "  " });
    expect(facts).toEqual({});
  });

  it("keeps at most MAX_ENRICHMENT_FACTS facts", () => {
    const raw = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, i]));
    const { facts, dropped } = enrichmentFacts(raw);
    expect(Object.keys(facts)).toHaveLength(MAX_ENRICHMENT_FACTS);
    expect(dropped).toHaveLength(50 - MAX_ENRICHMENT_FACTS);
  });
});

const input = { fields: {}, email: "a@b.example", geo: { country: "DE" } };

describe("runEnrichers", () => {
  afterEach(() => vi.useRealTimers());

  it("merges every provider's facts and notes", async () => {
    const extra: Enricher = {
      name: "extra",
      enrich: async () => ({
        facts: { "enrich.industry": "retail" },
        note: { provider: "extra", status: "ok", ms: 1, facts: 1 },
      }),
    };
    const result = await runEnrichers([builtinEnricher, extra], input, 300);
    expect(result.facts).toEqual({ "enrich.industry": "retail" });
    expect(result.notes.map((n) => [n.provider, n.status])).toEqual([
      ["builtin", "ok"],
      ["extra", "ok"],
    ]);
    expect(result.notes[0]!.detail).toContain("request geo: country");
  });

  it("turns a provider that throws into an error note instead of failing", async () => {
    const broken: Enricher = { name: "broken", enrich: () => Promise.reject(new TypeError("boom")) };
    const result = await runEnrichers([broken], input, 300);
    expect(result).toEqual({
      facts: {},
      notes: [{ provider: "broken", status: "error", ms: expect.any(Number), facts: 0, detail: "TypeError" }],
    });
  });

  it("cuts off a provider that ignores its budget at the deadline", async () => {
    vi.useFakeTimers();
    const stuck: Enricher = { name: "stuck", enrich: () => new Promise(() => {}) };
    const pending = runEnrichers([stuck], input, 300);
    await vi.advanceTimersByTimeAsync(349);
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).notes[0]).toMatchObject({ provider: "stuck", status: "timeout" });
  });
});

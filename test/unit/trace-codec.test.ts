import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeTrace,
  encodeFacts,
  encodeTrace,
  FACT_NAMES,
  FACT_PREFIXES,
  readTrace,
  traceFacts,
} from "../../worker/leads/trace-codec";

/** A trace as routing writes it (rules, facts, score, account, distribution), trimmed. */
const TRACE = {
  routing: {
    ruleSetId: "default",
    rules: [
      {
        ruleId: "dach-enterprise",
        name: "DACH enterprise gets a German speaker",
        matched: false,
        failure: {
          path: ["all", 0],
          op: "in_region",
          fact: "country",
          actual: "US",
          expected: "dach",
          message: 'country is "US"; expected in region "dach"',
        },
      },
      { ruleId: "hot-paid", name: "Hot leads from paid campaigns", matched: true },
    ],
    facts: {
      email: "grace@navy.example",
      "fields.employees": "50-199",
      employees: 50,
      region: ["na"],
      is_free_email: false,
    },
    inferred: [],
    notes: [],
    score: { score: 0, tier: "cold", breakdown: [{ ruleId: "large-company", matched: false, points: 0 }] },
    account: {
      confidence: "none",
      account: null,
      owner: null,
      reason: "No account has this email domain or company name",
    },
  },
  distribution: [
    {
      teamId: "sdr-na",
      ok: true,
      repId: "priya-raman",
      explanation: ["rachel-kim", "ava-thompson", "marcus-johnson", "diego-alvarez", "priya-raman"].map(
        (repId) => ({
          repId,
          eligible: true,
          ineligibleReasons: [],
          weight: 1,
          target: 0.2,
          actual: 0,
          lastAssignedAt: null,
        }),
      ),
    },
  ],
  enrichment: [{ provider: "builtin", status: "ok", ms: 0 }],
  crm: { provider: "hubspot", status: "not_connected", ms: 0 },
};

describe("trace codec", () => {
  it("gives back exactly the JSON it was given, for any JSON value", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const expected = JSON.parse(JSON.stringify(value)) as unknown;
        expect(await decodeTrace(await encodeTrace(value))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("stores a routing trace in well under half its JSON size", async () => {
    const stored = await encodeTrace(TRACE);
    expect(await decodeTrace(stored)).toEqual(TRACE);
    expect(stored.length).toBeLessThan(JSON.stringify(TRACE).length * 0.5);
  });

  it("reads a row in either form: the compact BLOB, or JSON text written before it", async () => {
    const blob = await encodeTrace(TRACE);
    expect(await readTrace({ trace: null, trace_z: blob.buffer.slice(0) as ArrayBuffer })).toEqual(TRACE);
    expect(await readTrace({ trace: null, traceZ: [...blob] })).toEqual(TRACE);
    expect(await readTrace({ trace: JSON.stringify(TRACE), trace_z: null })).toEqual(TRACE);
    expect(await readTrace({ trace: null, trace_z: null })).toBeNull();
  });

  it("refuses bytes it did not write", async () => {
    await expect(decodeTrace(new Uint8Array([9, 1, 2]))).rejects.toThrow(/unknown trace format/);
  });
});

describe("the facts-only format (an archived decision's facts_z)", () => {
  it("reads back as { routing: { facts } }, the same facts in the same order, in fewer bytes", async () => {
    const facts = {
      ...TRACE.routing.facts,
      form_id: "demo",
      "fields.first_name": "Grace",
      "utm.source": "google",
      "account.signals.score": 3,
      "enrich.industry": "fintech",
      "crm.contact.lifecycle": "lead",
      "custom.thing": { nested: [1, "two"] },
      "#7": "a name that looks like a code",
    };
    const stored = await encodeFacts(facts);
    expect(stored[0]).toBe(2);
    const back = (await decodeTrace(stored)) as { routing: { facts: Record<string, unknown> } };
    expect(back).toEqual({ routing: { facts } });
    expect(Object.keys(back.routing.facts)).toEqual(Object.keys(facts));
    expect(await traceFacts(null, stored)).toEqual(facts);
    expect(stored.length).toBeLessThan((await encodeTrace({ routing: { facts } })).length);
  });

  it("keeps every stored number's name: the lists are append-only", () => {
    // prettier-ignore
    const pinned = [
      "form_id", "email", "email_host", "email_domain", "is_free_email", "is_disposable", "is_role",
      "company", "country", "subdivision", "postal_code", "region", "employees", "revenue", "source",
      "page_url", "referrer", "score", "tier", "account.matched", "account.domain", "account.name",
      "account.owner", "account.confidence", "account.parent", "account.signals.score",
      "account.signals.count", "account.signals.strongest", "account.signals.kinds",
      "account.signals.days_since_last", "signal.kind", "signal.strength", "signal.source",
    ];
    expect(FACT_NAMES.slice(0, pinned.length)).toEqual(pinned);
    expect(FACT_PREFIXES.slice(0, 5)).toEqual(["fields.", "utm.", "account.", "enrich.", "crm."]);
  });

  it("round-trips any facts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue()), async (facts) => {
        const back = (await decodeTrace(await encodeFacts(facts))) as { routing: { facts: unknown } };
        expect(back.routing.facts).toEqual(JSON.parse(JSON.stringify(facts)));
      }),
      { numRuns: 50 },
    );
  });
});

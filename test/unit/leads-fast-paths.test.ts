import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { normalizeCompanyName } from "../../worker/core/accounts";
import { validateConfig, type RoutingConfig } from "../../worker/core/config";
import { normalizeLead, type LeadInput } from "../../worker/core/leads";
import { placeKey } from "../../worker/core/leads/places";
import { referenceCompanyName, referenceNormalizeLead, referencePlaceKey } from "./leads-normalize-reference";

function config(mutate: (c: any) => void = () => {}): RoutingConfig {
  const doc = structuredClone(demoConfig);
  mutate(doc);
  const r = validateConfig(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

// The demo form (typed email and country fields), one whose typed fields have other names, and
// one with no country field, so that both the typed and the conventional-name lookups are exercised.
const configs = [
  config(),
  config((c) => {
    const fields = c.forms[0].fields;
    fields.find((f: any) => f.name === "email").name = "contact";
    fields.find((f: any) => f.name === "country").name = "land";
    delete c.org.defaultCountry;
  }),
  config((c) => {
    c.forms[0].fields = c.forms[0].fields.filter((f: any) => f.type !== "country");
    c.forms[0].fields.find((f: any) => f.name === "email").name = "email_address";
  }),
];

// Names the normaliser looks for, names that differ only in case, and arbitrary ones; enough
// distinct arbitrary names over a run to overflow the fact-key memo's bound.
const fieldName = fc.oneof(
  fc.constantFrom(
    "email",
    "work_email",
    "contact",
    "company",
    "organisation",
    "country",
    "countryCode",
    "land",
    "state",
    "province",
    "postal_code",
    "zip",
    "employees",
    "company_size",
    "headcount",
    "revenue",
    "annual_revenue",
    "source",
    "Email",
    "__proto__",
    "",
  ),
  fc.string({ maxLength: 12 }),
);
const text = fc.oneof(
  fc.constantFrom(
    " Ann@Mail.Acme.co.uk ",
    "x@gmail.com",
    "info@bücher.de",
    "not-an-email",
    "Deutschland",
    "Côte d'Ivoire",
    "united  states",
    "US",
    "DEU",
    "Bayern",
    "CA",
    "80331",
    "sw1a  1aa",
    "94105-1234",
    "500-999",
    "$2.5M",
    "<50",
    "Acme GmbH",
    "  ",
    "",
  ),
  fc.string({ maxLength: 20 }),
);
const value = fc.oneof(
  text,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.oneof(text, fc.integer()), { maxLength: 3 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.object({ maxDepth: 1 }),
);
const utmKey = fc.oneof(
  fc.constantFrom("medium", "utm_medium", "UTM_Medium", "source", "utm_source", "bad key", "utm_", ""),
  fc.string({ maxLength: 10 }),
);
const input: fc.Arbitrary<LeadInput> = fc.record(
  {
    fields: fc.dictionary(fieldName, value, { maxKeys: 8 }),
    context: fc.record(
      {
        pageUrl: fc.oneof(
          fc.constantFrom(
            "https://acme.com/pricing?utm_medium=cpc&utm_source=google&UTM_x=1",
            "https://acme.com/?utm_medium=&utm_campaign=%20spring%20",
            "not a url utm_medium=x",
            "https://acme.com/",
          ),
          fc.webUrl({ withQueryParameters: true }),
        ),
        referrer: fc.string({ maxLength: 10 }),
        utm: fc.dictionary(utmKey, fc.oneof(text, fc.integer() as fc.Arbitrary<any>), { maxKeys: 4 }),
        source: text,
      },
      { requiredKeys: [] },
    ),
    geo: fc.record({ country: text, region: text, postalCode: text }, { requiredKeys: [] }),
  },
  { requiredKeys: ["fields"] },
);

// Entries, not toEqual: the facts must come out in the same order, not just with the same values.
const entries = (r: ReturnType<typeof normalizeLead>) => ({ facts: Object.entries(r.facts), notes: r.notes });

describe("normalisation fast paths", () => {
  it("normalizeLead gives exactly the straightforward implementation's facts, in order, and notes", () => {
    fc.assert(
      fc.property(input, fc.nat(configs.length - 1), (lead, c) => {
        const cfg = configs[c]!;
        const expected = entries(referenceNormalizeLead(lead, cfg, "demo"));
        expect(entries(normalizeLead(lead, cfg, "demo"))).toEqual(expected);
        // Again with the memoised keys warm.
        expect(entries(normalizeLead(lead, cfg, "demo"))).toEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it("normalizeLead agrees for a form that is not in the config", () => {
    fc.assert(
      fc.property(input, (lead) => {
        const cfg = configs[0]!;
        expect(entries(normalizeLead(lead, cfg, "nope"))).toEqual(
          entries(referenceNormalizeLead(lead, cfg, "nope")),
        );
      }),
      { numRuns: 200 },
    );
  });

  // Plain ASCII words take the shortcut; accents, punctuation and odd spacing take the long way.
  const placeText = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9]{1,6}( [A-Za-z0-9]{1,6}){0,3}$/),
    fc.string({ maxLength: 16 }),
    fc.string({ unit: "grapheme", maxLength: 8 }),
    fc.constantFrom(
      "Côte d'Ivoire",
      "  DE",
      "de ",
      "a  b",
      "S.A.",
      "Acme Inc",
      "ACME, Inc.",
      "ǅ",
      "İstanbul",
    ),
  );

  it("placeKey equals its straightforward form", () => {
    fc.assert(
      fc.property(placeText, (s) => {
        expect(placeKey(s)).toBe(referencePlaceKey(s));
      }),
      { numRuns: 2_000 },
    );
  });

  it("normalizeCompanyName equals its straightforward form", () => {
    const legal = fc.constantFrom("Inc", "GmbH", "co", "LLC", "sa", "Company");
    const name = fc.oneof(
      placeText,
      fc.tuple(placeText, legal).map(([n, l]) => `${n} ${l}`),
      fc.tuple(legal, legal).map(([a, b]) => `${a} ${b}`),
    );
    fc.assert(
      fc.property(name, (s) => {
        expect(normalizeCompanyName(s)).toBe(referenceCompanyName(s));
      }),
      { numRuns: 2_000 },
    );
  });
});

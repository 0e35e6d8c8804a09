import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeCompanyName } from "../../worker/core/account-match";
import { normalizeCompanyNameGeneral } from "../../worker/core/account-match/normalize";
import { normalizeLead, type LeadInput } from "../../worker/core/lead-facts";
import { placeKey, placeKeyGeneral } from "../../worker/core/lead-facts/places";
import { demoWith } from "./backtest-fixtures";

// The demo form (typed email and country fields), one whose typed fields have other names, and
// one with no country field, so that both the typed and the conventional-name lookups are exercised.
const configs = [
  demoWith(),
  demoWith((c) => {
    const fields = c.forms[0].fields;
    fields.find((f: any) => f.name === "email").name = "contact";
    fields.find((f: any) => f.name === "country").name = "land";
    delete c.org.defaultCountry;
  }),
  demoWith((c) => {
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
  // What it should give is covered by leads-normalize.test.ts; this checks the memoised fact
  // keys (including past the memo's bound) against arbitrary field names, UTM keys and values.
  it("normalizeLead gives the same facts, in order, and notes with its memoised keys warm", () => {
    fc.assert(
      fc.property(input, fc.nat(configs.length - 1), fc.constantFrom("demo", "nope"), (lead, c, formId) => {
        const cfg = configs[c]!;
        const first = entries(normalizeLead(lead, cfg, formId));
        expect(first.facts[0]).toEqual(["form_id", formId]);
        expect(entries(normalizeLead(lead, cfg, formId))).toEqual(first);
      }),
      { numRuns: 1_000 },
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

  it("placeKey's plain-ASCII shortcut agrees with its general path", () => {
    fc.assert(
      fc.property(placeText, (s) => {
        expect(placeKey(s)).toBe(placeKeyGeneral(s));
      }),
      { numRuns: 2_000 },
    );
  });

  it("normalizeCompanyName's plain-ASCII shortcut agrees with its general path", () => {
    const legal = fc.constantFrom("Inc", "GmbH", "co", "LLC", "sa", "Company");
    const name = fc.oneof(
      placeText,
      fc.tuple(placeText, legal).map(([n, l]) => `${n} ${l}`),
      fc.tuple(legal, legal).map(([a, b]) => `${a} ${b}`),
    );
    fc.assert(
      fc.property(name, (s) => {
        expect(normalizeCompanyName(s)).toBe(normalizeCompanyNameGeneral(s));
      }),
      { numRuns: 2_000 },
    );
  });
});

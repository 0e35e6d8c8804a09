import { describe, expect, it } from "vitest";
import {
  normalizeCountry,
  normalizeLead,
  normalizePostalCode,
  normalizeSubdivision,
  parseAmount,
  parseEmail,
  type LeadInput,
} from "../../worker/core/lead-facts";
import { demoWith } from "./backtest-fixtures";

const demo = demoWith();
const lead = (input: LeadInput, c = demo) => normalizeLead(input, c, "demo");

describe("parseEmail", () => {
  it.each([
    ["  Bob.Smith@ACME.com ", "bob.smith@acme.com", "acme.com", "acme.com"],
    ["ann@mail.acme.co.uk", "ann@mail.acme.co.uk", "mail.acme.co.uk", "acme.co.uk"],
    ["kim@eu.example.com.au", "kim@eu.example.com.au", "eu.example.com.au", "example.com.au"],
    ["jo@Bücher.DE", "jo@xn--bcher-kva.de", "xn--bcher-kva.de", "xn--bcher-kva.de"],
    ["jo@xn--bcher-kva.de", "jo@xn--bcher-kva.de", "xn--bcher-kva.de", "xn--bcher-kva.de"],
    ["li@例子.中国", "li@xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s", "xn--fsqu00a.xn--fiqs8s"],
  ])("%s → %s on %s (registrable %s)", (raw, email, host, domain) => {
    expect(parseEmail(raw)).toMatchObject({ email, host, domain });
  });

  it.each([["not-an-email"], ["a@"], ["@acme.com"], ["a b@acme.com"], ["a@acme..com"], ["a@-acme.com"]])(
    "refuses %s",
    (raw) => expect(parseEmail(raw)).toBeNull(),
  );

  it("has no registrable domain for an IP host", () => {
    expect(parseEmail("a@10.0.0.1")).toBeNull();
  });

  it.each([
    ["x@gmail.com", true],
    ["x@GoogleMail.com", true],
    ["x@yahoo.co.uk", true],
    ["x@gmx.de", true],
    ["x@acme.com", false],
  ])("flags free mail: %s → %s", (raw, free) => {
    expect(parseEmail(raw)!.isFree).toBe(free);
  });

  it.each([
    ["x@mailinator.com", true],
    ["x@10minutemail.com", true],
    ["x@acme.com", false],
  ])("flags disposable mail: %s → %s", (raw, disposable) => {
    expect(parseEmail(raw)!.isDisposable).toBe(disposable);
  });

  it.each([
    ["info@acme.com", true],
    ["Sales@acme.com", true],
    ["sales+web@acme.com", true],
    ["jane.doe@acme.com", false],
  ])("flags role addresses: %s → %s", (raw, role) => {
    expect(parseEmail(raw)!.isRole).toBe(role);
  });
});

describe("normalizeCountry", () => {
  it.each([
    ["Germany", "DE"],
    ["Deutschland", "DE"],
    ["DE", "DE"],
    ["de", "DE"],
    ["DEU", "DE"],
    ["Allemagne", "DE"],
    ["  united states of america ", "US"],
    ["USA", "US"],
    ["U.S.A.", "US"],
    ["UK", "GB"],
    ["Österreich", "AT"],
    ["Osterreich", "AT"],
    ["Schweiz", "CH"],
    ["España", "ES"],
    ["Côte d'Ivoire", "CI"],
    ["日本", "JP"],
  ])("%s → %s", (raw, code) => expect(normalizeCountry(raw)).toBe(code));

  it.each([["Atlantis"], [""], ["XX"]])("does not recognise %j", (raw) =>
    expect(normalizeCountry(raw)).toBeNull(),
  );
});

describe("normalizeSubdivision and normalizePostalCode", () => {
  it.each([
    ["US-CA", null, "US-CA"],
    ["us-ca", null, "US-CA"],
    ["CA", "US", "US-CA"],
    ["California", "US", "US-CA"],
    ["Bayern", "DE", "DE-BY"],
    ["by", "DE", "DE-BY"],
    ["Ontario", "CA", "CA-ON"],
    ["California", null, null],
    ["Narnia", "US", null],
  ])("%s in %s → %s", (raw, country, code) => expect(normalizeSubdivision(raw, country)).toBe(code));

  it.each([
    ["94105", "US", "94105"],
    ["94105-1234", "US", "94105"],
    ["941051234", "US", "94105"],
    ["9410", "US", null],
    ["sw1a  1aa", "GB", "SW1A 1AA"],
    ["10115", "DE", "10115"],
    ["!!", "DE", null],
  ])("%s in %s → %s", (raw, country, code) => expect(normalizePostalCode(raw, country)).toBe(code));
});

describe("parseAmount (ranges take their lower bound)", () => {
  it.each<[unknown, number | null]>([
    [1000, 1000],
    ["1000", 1000],
    ["1,000", 1000],
    ["1 000", 1000],
    ["500-1000", 500],
    ["500 - 1,000", 500],
    ["5000+", 5000],
    ["<50", 0],
    ["under 50", 0],
    ["10k", 10_000],
    ["$2.5M", 2_500_000],
    ["€1.2bn", 1_200_000_000],
    ["10 million", 10],
    ["many", null],
    ["", null],
    [Number.NaN, null],
    [true, null],
  ])("%j → %j", (raw, n) => expect(parseAmount(raw)).toBe(n));
});

describe("normalizeLead", () => {
  it("derives email, company, place and size facts from the form's fields", () => {
    const { facts, notes } = lead({
      fields: {
        email: " Ann@Mail.Acme.co.uk ",
        company: " Acme Ltd ",
        country: "Deutschland",
        state: "Bayern",
        postal_code: "80331",
        employees: "500-999",
        title: "VP Sales",
        interests: ["a", " b ", ""],
      },
    });
    expect(facts).toMatchObject({
      form_id: "demo",
      email: "ann@mail.acme.co.uk",
      email_host: "mail.acme.co.uk",
      email_domain: "acme.co.uk",
      is_free_email: false,
      is_disposable: false,
      is_role: false,
      company: "Acme Ltd",
      country: "DE",
      region: ["emea", "dach"],
      subdivision: "DE-BY",
      postal_code: "80331",
      employees: 500,
      "fields.title": "VP Sales",
      "fields.interests": ["a", "b"],
    });
    expect(notes).toEqual([]);
  });

  it("leaves missing facts absent, never null or empty", () => {
    const { facts } = lead(
      { fields: { email: "x@acme.com", company: "  ", title: null } },
      demoWith((c) => delete c.org.defaultCountry),
    );
    for (const name of [
      "company",
      "country",
      "region",
      "employees",
      "revenue",
      "fields.company",
      "fields.title",
      "source",
    ]) {
      expect(facts).not.toHaveProperty([name]);
    }
  });

  it("uses the request's geo only when the form has no country, and marks it inferred", () => {
    const fromGeo = lead({
      fields: { email: "x@acme.com" },
      geo: { country: "CA", region: "ON", postalCode: "M5V 2T6" },
    });
    expect(fromGeo.facts).toMatchObject({
      country: "CA",
      region: ["na"],
      subdivision: "CA-ON",
      postal_code: "M5V 2T6",
    });
    expect(fromGeo.notes.map((n) => [n.fact, n.kind])).toEqual([
      ["country", "inferred"],
      ["subdivision", "inferred"],
      ["postal_code", "inferred"],
    ]);
    const fromForm = lead({
      fields: { email: "x@acme.com", country: "FR" },
      geo: { country: "CA", region: "ON" },
    });
    expect(fromForm.facts).toMatchObject({ country: "FR" });
    expect(fromForm.facts).not.toHaveProperty("subdivision");
    expect(fromForm.notes).toEqual([]);
  });

  it("falls back to the org's default country and says so", () => {
    const { facts, notes } = lead({ fields: { email: "x@acme.com", country: "Atlantis" } });
    expect(facts.country).toBe("US");
    expect(notes).toEqual([
      expect.objectContaining({ fact: "country", kind: "unrecognized" }),
      expect.objectContaining({ fact: "country", kind: "inferred" }),
    ]);
  });

  it("takes UTM values from the context, else from the page URL, and the source", () => {
    const { facts } = lead({
      fields: { email: "x@acme.com" },
      context: {
        pageUrl: "https://www.example.com/demo?utm_source=google&utm_medium=cpc&x=1",
        utm: { utm_source: "Partner", campaign: "q3" },
        source: "webinar",
        referrer: "https://news.example.org/",
      },
    });
    expect(facts).toMatchObject({
      "utm.source": "Partner",
      "utm.medium": "cpc",
      "utm.campaign": "q3",
      source: "webinar",
      referrer: "https://news.example.org/",
    });
  });

  it("notes an unreadable email or size instead of guessing", () => {
    const { facts, notes } = lead({ fields: { email: "nope", employees: "lots" } });
    expect(facts).not.toHaveProperty("email");
    expect(facts).not.toHaveProperty("employees");
    expect(notes.map((n) => [n.fact, n.kind])).toEqual(
      expect.arrayContaining([
        ["email", "unrecognized"],
        ["employees", "unrecognized"],
      ]),
    );
  });

  it("never mutates its input", () => {
    const input = Object.freeze({ fields: Object.freeze({ email: "X@ACME.COM", country: "de" }) });
    expect(() => lead(input)).not.toThrow();
    expect(input.fields.email).toBe("X@ACME.COM");
  });
});

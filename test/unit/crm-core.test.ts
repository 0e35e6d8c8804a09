import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { resolveTarget } from "../../worker/core/routing/target";
import { lintConfig, validateConfig, type RoutingConfig } from "../../worker/core/config-doc";
import { contactProperties, crmFacts, mapOwners, type CrmLookup } from "../../worker/core/crm-facts";
import { isKnownFact } from "../../worker/core/lead-facts/fact-names";
import { normalizeLead } from "../../worker/core/lead-facts";
import { routeLead } from "../../worker/core/routing";

function withCrmRule(): RoutingConfig {
  const doc = structuredClone(demoConfig) as typeof demoConfig;
  doc.ruleSets[0]!.rules.unshift({
    id: "crm-known",
    name: "Known CRM contact goes to its owner",
    when: { fact: "crm.contact.exists", op: "eq", value: true },
    then: { type: "crm_owner", fallbackTeamId: "sdr-na" },
  });
  const r = validateConfig(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}
const config = withCrmRule();

const owners = [
  { id: "101", email: "Lena.Fischer@baton.example", name: "Lena", archived: false },
  { id: "102", email: "rachel.kim@baton.example", name: "Ethan", archived: false },
  { id: "900", email: "someone@elsewhere.example", name: "Nobody", archived: false },
  { id: "901", email: "gone@elsewhere.example", name: "Gone", archived: true },
];
const mapping = mapOwners(owners, config.reps);

const contact = (ownerId: string | null) => ({
  id: "c1",
  email: "kim@newco.example",
  ownerId,
  lifecycleStage: "salesqualifiedlead",
  properties: { industry: "software" },
});
const company = (ownerId: string | null) => ({
  id: "co1",
  domain: "newco.example",
  name: "Newco",
  ownerId,
  updatedAt: 0,
});

function route(lookup: CrmLookup | null) {
  const base = normalizeLead({ fields: { email: "kim@newco.example", country: "US" } }, config, "demo");
  const facts = lookup ? { ...base.facts, ...crmFacts(lookup, mapping) } : base.facts;
  const decision = routeLead({ config, formId: "demo", facts, notes: base.notes });
  const target = resolveTarget(
    decision.destination,
    decision.trace.account,
    config,
    decision.trace.facts,
  ).target;
  return { decision, target };
}

describe("CRM owners map to reps by email", () => {
  it("matches case-insensitively and flags live owners no rep has", () => {
    expect(mapping.repByOwner.get("101")).toBe("lena-fischer");
    expect(mapping.ownerByRep.get("rachel-kim")).toBe("102");
    expect(mapping.unmapped.map((o) => o.id)).toEqual(["900"]);
  });
  it("lets an admin override win over the email match", () => {
    const m = mapOwners(owners, config.reps, { "900": "ava-thompson", "101": "no-such-rep" });
    expect(m.repByOwner.get("900")).toBe("ava-thompson");
    expect(m.repByOwner.get("101")).toBe("lena-fischer");
    expect(m.unmapped).toEqual([]);
  });
});

describe("the crm_owner destination", () => {
  it("routes a known contact to its owner and says so in the trace", () => {
    const { decision, target } = route({ contact: contact("102"), company: company("101") });
    expect(decision.ruleId).toBe("crm-known");
    expect(decision.trace.facts).toMatchObject({
      "crm.contact.exists": true,
      "crm.contact.ownerRepId": "rachel-kim",
      "crm.company.ownerRepId": "lena-fischer",
      "crm.contact.lifecycleStage": "salesqualifiedlead",
      "crm.contact.industry": "software",
    });
    expect(decision.trace.destinationNote).toBe("CRM contact owner rachel-kim");
    expect(target).toMatchObject({ kind: "rep", repId: "rachel-kim" });
  });
  it("uses the company owner when the contact has none", () => {
    const { target } = route({ contact: contact(null), company: company("101") });
    expect(target).toMatchObject({
      kind: "rep",
      repId: "lena-fischer",
      why: "CRM company owner lena-fischer",
    });
  });
  it("falls back to the team, naming the unmapped owner", () => {
    const { decision, target } = route({ contact: contact("900"), company: null });
    expect(decision.trace.facts["crm.owner.unmapped"]).toEqual(["900"]);
    expect(decision.trace.destinationNote).toMatch(/CRM owner 900 is not mapped to a rep; team sdr-na/);
    expect(target).toMatchObject({ kind: "team", teamId: "sdr-na" });
  });
  it("routes without CRM facts when the lookup did not answer", () => {
    const { decision } = route(null);
    expect(decision.ruleId).not.toBe("crm-known");
    expect(decision.trace.facts["crm.contact.exists"]).toBeUndefined();
  });
  it("passes lint: CRM facts are known facts", () => {
    expect(isKnownFact("crm.contact.ownerRepId")).toBe(true);
    expect(isKnownFact("crm.contact.industry")).toBe(true);
    expect(isKnownFact("crm.deal.x")).toBe(false);
    const findings = lintConfig(config).filter((f) => JSON.stringify(f).includes("crm."));
    expect(findings).toEqual([]);
  });
});

describe("contact properties written back", () => {
  it("maps form fields, source and UTM, never the email key", () => {
    const props = contactProperties(
      {
        fields: { email: "a@b.c", name: " Kim ", size: 40, topics: ["x", "y"] },
        context: { utm: { utm_source: "google", campaign: "q4" } },
      },
      { name: "firstname", size: "numberofemployees", topics: "baton_topics", email: "email" },
      "baton:demo",
    );
    expect(props).toEqual({
      firstname: "Kim",
      numberofemployees: "40",
      baton_topics: "x;y",
      baton_source: "baton:demo",
      baton_utm_source: "google",
      baton_utm_campaign: "q4",
    });
  });
});

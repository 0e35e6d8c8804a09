// oxlint-disable unicorn/no-thenable -- a rule's destination is named `then` by the config format.
/**
 * Routing decisions per second with 200 rules and 100k accounts, on one core.
 *
 *   npm run bench -- test/bench/routing.bench.ts
 */
import { test } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { buildAccountIndex, matchAccount, type AccountRecord } from "../../worker/core/account-match";
import { validateConfig, type Condition, type RoutingConfig } from "../../worker/core/config-doc";
import { normalizeLead, type LeadFacts, type LeadInput } from "../../worker/core/lead-facts";
import { routeLead } from "../../worker/core/routing";
import { seededRandom } from "../../worker/core/random";

const BATCH = 1_000;
const COUNTRIES = ["US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "SE", "JP", "AU", "BR", "IN", "SG", "MX"];
const INDUSTRIES = ["saas", "fintech", "retail", "health", "energy", "logistics"];
const MEDIA = ["cpc", "email", "social", "organic", "partner"];

// Seeded (mulberry32), so every run routes the same leads.
const random = seededRandom(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** 200 rules in the shapes real rule sets have: country or region, size band, source, industry. */
function rules(): { id: string; when: Condition; then: { type: "team"; teamId: string } }[] {
  return Array.from({ length: 200 }, (_, i) => {
    const when: Condition = {
      all: [
        i % 3 === 0
          ? { fact: "country", op: "in_region", value: pick(["emea", "dach", "apac", "latam"]) }
          : { fact: "country", op: "in", value: [pick(COUNTRIES), pick(COUNTRIES)] },
        { fact: "employees", op: "gte", value: pick([0, 50, 200, 500, 1000]) },
        { fact: "employees", op: "lt", value: pick([200, 1000, 5000, 100_000]) },
        i % 2
          ? { fact: "utm.medium", op: "eq", value: pick(MEDIA) }
          : { fact: "fields.industry", op: "in", value: [pick(INDUSTRIES)] },
        ...(i % 5 === 0 ? [{ fact: "tier", op: "eq", value: "hot" } as const] : []),
      ],
    };
    return {
      id: `rule-${i}`,
      when,
      then: { type: "team", teamId: pick(["sdr-na", "emea-enterprise", "partners"]) },
    };
  });
}

function benchConfig(): RoutingConfig {
  const doc = structuredClone(demoConfig) as Record<string, any>;
  doc.forms[0].fields.push({ name: "industry", type: "text", label: "Industry" });
  doc.ruleSets[0].rules = [doc.ruleSets[0].rules[0], ...rules()];
  const result = validateConfig(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

const config = benchConfig();
const accounts: AccountRecord[] = Array.from({ length: 100_000 }, (_, i) => ({
  domain: `company${i}.${pick(["com", "co.uk", "de", "io"])}`,
  name: `Company ${i}`,
  normalizedName: `company ${i}`,
  ownerRepId: i % 7 ? pick(["lena-fischer", "ava-thompson", "liam-oconnor"]) : null,
  parentDomain: i % 7 ? null : `company${i - 1}.com`,
}));
const index = buildAccountIndex(accounts);

const inputs: LeadInput[] = Array.from({ length: BATCH }, (_, i) => ({
  fields: {
    email:
      i % 4 === 0
        ? `lead${i}@gmail.com`
        : `lead${i}@${i % 3 ? "sales." : ""}${pick(accounts).domain.replace(/^company(\d+)/, i % 2 ? "company$1" : "other$1")}`,
    company: `Company ${Math.floor(random() * 200_000)}`,
    country: pick(COUNTRIES),
    employees: pick(["1-49", "50-199", "200-499", "500-999", "1000-4999", "5000+"]),
    industry: pick(INDUSTRIES),
    title: pick(["VP Sales", "Engineer", "Head of Ops"]),
  },
  context: { utm: { medium: pick(MEDIA), source: pick(["google", "partner", "linkedin"]) } },
}));
const prepared = inputs.map((input) => {
  const { facts, notes } = normalizeLead(input, config, "demo");
  return { facts, notes, account: matchAccount(index, facts) };
});

// One decision per iteration, cycling through 1,000 varied leads: ops/s is decisions/s.
test("routing, 200 rules and 100k accounts, one core", async ({ bench }) => {
  let i = 0;
  const next = () => (i = (i + 1) % BATCH);
  await bench.compare(
    bench("routeLead (facts and account ready): score + 200 rules + trace", () => {
      const p = prepared[next()]!;
      routeLead({ config, formId: "demo", facts: p.facts, notes: p.notes, account: p.account });
    }),
    bench("full decision: normalizeLead + matchAccount + routeLead", () => {
      const input = inputs[next()]!;
      const { facts, notes } = normalizeLead(input, config, "demo");
      routeLead({ config, formId: "demo", facts, notes, account: matchAccount(index, facts) });
    }),
    bench("matchAccount alone", () => {
      matchAccount(index, prepared[next()]!.facts as LeadFacts);
    }),
    { time: 2000 },
  );
});

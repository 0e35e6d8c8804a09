/**
 * Configs and leads for the unit tests and benchmarks: the demo config with edits, and (for
 * the backtest) a seeded stream of leads in the shapes the demo form receives.
 */
import { demoConfig } from "../../scripts/demo/config";
import { buildAccountIndex, type AccountRecord } from "../../worker/core/account-match";
import type { BacktestLead } from "../../worker/core/backtest";
import { validateConfig, type RoutingConfig, type RoutingConfigInput } from "../../worker/core/config-doc";
import { seededRandom } from "../../worker/core/random";

export function parse(doc: unknown): RoutingConfig {
  const r = validateConfig(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

/** The demo document with `edit` applied to a deep copy, validated. */
// Edits reach into the document freely (tests break it on purpose), hence `any`.
export function demoWith(edit: (doc: any) => void = () => {}): RoutingConfig {
  const doc: RoutingConfigInput = structuredClone(demoConfig);
  edit(doc);
  return parse(doc);
}

export const ACCOUNT_ROWS: AccountRecord[] = [
  { domain: "acme.com", name: "Acme", ownerRepId: "lena-fischer", parentDomain: null },
  { domain: "globex.com", name: "Globex", ownerRepId: "ava-thompson", parentDomain: null },
  { domain: "orphan.com", name: "Orphan", ownerRepId: null, parentDomain: null },
];
export const accounts = buildAccountIndex(ACCOUNT_ROWS);

export const COUNTRIES = ["US", "CA", "GB", "DE", "FR", "ES", "NL", "AE", "JP", "AU", "BR", "IN", "MX"];
export const EMEA_NOT_DACH = new Set(["GB", "FR", "ES", "NL", "AE"]);
export const BANDS = ["1-49", "50-199", "200-499", "500-999", "1000-4999", "5000+"];
const DOMAINS = [
  "acme.com",
  "globex.com",
  "orphan.com",
  "gmail.com",
  "initech.io",
  "umbrella.de",
  "hooli.co.uk",
];
const MEDIA = ["cpc", "email", "social", "organic", "paid"];
const SOURCES = ["google", "partner", "linkedin", "newsletter"];
const TITLES = ["VP Sales", "Engineer", "Head of Ops", "Analyst"];

/** `n` demo-form leads with varied countries, sizes, domains, titles and campaigns. */
export function demoLeads(n: number, seed = 7): BacktestLead[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const email = `lead${i}@${pick(DOMAINS)}`;
    const partner = random() < 0.1;
    return {
      leadId: `lead-${String(i).padStart(6, "0")}`,
      formId: "demo",
      email,
      input: {
        fields: {
          first_name: "Lead",
          last_name: String(i),
          email,
          company: `Company ${i % 500}`,
          country: pick(COUNTRIES),
          employees: pick(BANDS),
          title: pick(TITLES),
        },
        context: {
          utm: { medium: pick(MEDIA), source: partner ? "partner" : pick(SOURCES) },
        },
      },
    };
  });
}

/**
 * Deterministic demo accounts: about 200 plausible companies with owners from the demo
 * reps, EMEA companies on .de/.fr/.co.uk domains, and subsidiaries that have a parent
 * domain and no owner of their own. The same seed always yields the same list, so demo
 * routing and screenshots are reproducible.
 */

import { seededRandom } from "../../worker/core/random";

/** One row of the accounts import. */
export type DemoAccount = {
  domain: string;
  name: string;
  ownerRepId: string | null;
  parentDomain: string | null;
};

const STEMS = [
  "Northwind",
  "Bluepeak",
  "Brightline",
  "Cedar",
  "Summit",
  "Harbor",
  "Ironwood",
  "Silverleaf",
  "Maple",
  "Pioneer",
  "Atlas",
  "Beacon",
  "Crestview",
  "Deltaform",
  "Evergreen",
  "Falcon",
  "Granite",
  "Horizon",
  "Juniper",
  "Keystone",
  "Lumen",
  "Meridian",
  "Nimbus",
  "Orchard",
  "Pinecrest",
  "Quarry",
  "Riverstone",
  "Sagebrush",
  "Tidewater",
  "Vertex",
  "Willowbank",
  "Zenith",
  "Copperfield",
  "Lakeshore",
  "Redwood",
  "Starling",
  "Tallgrass",
  "Westbrook",
  "Oakridge",
  "Kestrel",
];
const KINDS = [
  "Analytics",
  "Logistics",
  "Health",
  "Software",
  "Robotics",
  "Labs",
  "Systems",
  "Foods",
  "Energy",
  "Capital",
  "Bio",
  "Networks",
  "Security",
  "Retail",
  "Cloud",
  "Media",
  "Freight",
  "Payments",
  "Insurance",
  "Materials",
];

type Market = {
  count: number;
  tld: string;
  legal: string;
  owners: readonly string[];
  /** Share of accounts in this market that have an owner. */
  owned: number;
};

// Owners follow the demo config's teams: NA accounts belong to SDRs, EMEA accounts to the
// AE who speaks the language, the rest to partner managers.
const MARKETS: readonly Market[] = [
  {
    count: 95,
    tld: "com",
    legal: "Inc.",
    owners: ["ava-thompson", "marcus-johnson", "diego-alvarez", "priya-raman"],
    owned: 0.6,
  },
  { count: 12, tld: "io", legal: "", owners: ["priya-raman", "ava-thompson"], owned: 0.5 },
  { count: 20, tld: "de", legal: "GmbH", owners: ["lena-fischer"], owned: 0.7 },
  { count: 14, tld: "fr", legal: "SAS", owners: ["camille-dubois"], owned: 0.7 },
  { count: 18, tld: "co.uk", legal: "Ltd", owners: ["oliver-hughes", "omar-haddad"], owned: 0.6 },
  { count: 6, tld: "es", legal: "S.L.", owners: ["javier-moreno"], owned: 0.7 },
  { count: 5, tld: "ae", legal: "LLC", owners: ["omar-haddad"], owned: 0.8 },
  { count: 5, tld: "com.au", legal: "Pty Ltd", owners: ["liam-oconnor"], owned: 0.6 },
  { count: 5, tld: "in", legal: "Pvt Ltd", owners: ["ananya-iyer"], owned: 0.6 },
  { count: 5, tld: "com.br", legal: "Ltda.", owners: ["beatriz-souza"], owned: 0.6 },
];

/** Local subsidiaries of some .com parents: [tld, name suffix]. */
const SUBSIDIARIES: readonly (readonly [string, string])[] = [
  ["de", "Deutschland GmbH"],
  ["fr", "France SAS"],
  ["co.uk", "UK Ltd"],
  ["es", "Iberia S.L."],
  ["com.au", "Australia Pty Ltd"],
];
const SUBSIDIARY_COUNT = 18;

/** Returns about 200 demo accounts; pure and deterministic for a given seed. */
export function demoAccounts(seed = 20_260_101): DemoAccount[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  // Every stem × kind pair once, in a seeded shuffle, so names never repeat.
  const pairs = STEMS.flatMap((stem) => KINDS.map((kind) => [stem, kind] as const));
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }

  const accounts: DemoAccount[] = [];
  let next = 0;
  for (const market of MARKETS) {
    for (let n = 0; n < market.count; n++) {
      const [stem, kind] = pairs[next++]!;
      accounts.push({
        domain: `${stem}${kind}.${market.tld}`.toLowerCase(),
        name: [stem, kind, market.legal].filter(Boolean).join(" "),
        ownerRepId: random() < market.owned ? pick(market.owners) : null,
        parentDomain: null,
      });
    }
  }

  // Subsidiaries inherit routing from their parent (the account matcher follows
  // parentDomain), which is why they carry no owner.
  const parents = accounts.filter((a) => a.domain.endsWith(".com") && a.ownerRepId !== null);
  for (let n = 0; n < SUBSIDIARY_COUNT && n < parents.length; n++) {
    const parent = parents[(n * 5) % parents.length]!;
    const [tld, suffix] = SUBSIDIARIES[n % SUBSIDIARIES.length]!;
    const base = parent.domain.slice(0, -".com".length);
    const brand = parent.name.replace(/ Inc\.$/, "");
    accounts.push({
      domain: `${base}.${tld}`,
      name: `${brand} ${suffix}`,
      ownerRepId: null,
      parentDomain: parent.domain,
    });
  }
  return accounts;
}

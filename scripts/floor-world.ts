/**
 * The world of `npm run simulate:floor`: a seeded sales floor harder than simulate-world.ts.
 *
 * - 180 days, 50 leads a day (9,000 leads), weekly counting windows, a ±10% band.
 * - 2–8% conversion: a tier base rate, the rep's skill, and rep edges on region (which the
 *   team's config segments by) and on industry and source (which it does not).
 * - Skill that changes: `cyd` improves by +0.9 log-odds on day 60, `ana` loses 0.8 on day 100.
 * - Churn: `hal` leaves on day 75, `ivy` joins on day 90 with no history, `dee` is OOO on
 *   days 40–47 (and comes back mid-window).
 * - Late outcomes: a conversion is reported 2–40 days after the lead (log-normal, median 10);
 *   half of the other leads get a `lost` 5–45 days after, the rest are never reported.
 *
 * Pure and deterministic per seed: every policy sees the same leads, the same uniform per lead
 * (common random numbers) and the same delays.
 */
import { repSchema, type Rep } from "../worker/core/config-doc";
import { seededRandom, type Random } from "../worker/core/distribution";

export const DAY_MS = 86_400_000;
export const START = Date.parse("2026-01-05T00:00:00Z");
export const DAYS = 180;
export const LEADS_PER_DAY = 50;

export type FloorRep = {
  id: string;
  weight: number;
  skill: number;
  region: string;
  industries: string[];
  source: string;
  /** Days [from, to) the rep is absent: before joining, after leaving, OOO. */
  absent: [number, number][];
  /** Skill change from a day on. */
  change?: { day: number; by: number };
};

export const FLOOR_REPS: readonly FloorRep[] = [
  {
    id: "ana",
    weight: 2,
    skill: 0.3,
    region: "NA",
    industries: ["saas"],
    source: "inbound",
    absent: [],
    change: { day: 100, by: -0.8 },
  },
  {
    id: "ben",
    weight: 2,
    skill: 0.0,
    region: "EMEA",
    industries: ["fintech"],
    source: "partner",
    absent: [],
  },
  {
    id: "cyd",
    weight: 1.5,
    skill: -0.4,
    region: "NA",
    industries: ["health"],
    source: "webinar",
    absent: [],
    change: { day: 60, by: 0.9 },
  },
  {
    id: "dee",
    weight: 1.5,
    skill: 0.1,
    region: "APAC",
    industries: ["retail"],
    source: "paid",
    absent: [[40, 47]],
  },
  {
    id: "eli",
    weight: 1,
    skill: -0.2,
    region: "EMEA",
    industries: ["manufacturing"],
    source: "inbound",
    absent: [],
  },
  {
    id: "fox",
    weight: 1,
    skill: 0.2,
    region: "NA",
    industries: ["fintech", "saas"],
    source: "paid",
    absent: [],
  },
  { id: "gus", weight: 1, skill: -0.3, region: "NA", industries: ["retail"], source: "partner", absent: [] },
  {
    id: "hal",
    weight: 1,
    skill: 0.25,
    region: "EMEA",
    industries: ["health"],
    source: "webinar",
    absent: [[75, DAYS]],
  },
  {
    id: "ivy",
    weight: 1,
    skill: 0.15,
    region: "APAC",
    industries: ["manufacturing", "health"],
    source: "inbound",
    absent: [[0, 90]],
  },
];
export const NEW_REP = "ivy";
export const NEW_REP_FROM = 90;

const TIERS = [
  { value: "A", weight: 0.2, logit: -2.8 },
  { value: "B", weight: 0.35, logit: -3.4 },
  { value: "C", weight: 0.45, logit: -3.95 },
];
const REGIONS = [
  { value: "NA", weight: 0.5 },
  { value: "EMEA", weight: 0.32 },
  { value: "APAC", weight: 0.18 },
];
const INDUSTRIES = ["saas", "fintech", "health", "retail", "manufacturing"].map((value, i) => ({
  value,
  weight: [0.3, 0.2, 0.2, 0.15, 0.15][i]!,
}));
const SOURCES = ["inbound", "webinar", "paid", "partner"].map((value, i) => ({
  value,
  weight: [0.4, 0.2, 0.25, 0.15][i]!,
}));
const SIZES = [
  { employees: 20, weight: 0.5 },
  { employees: 120, weight: 0.3 },
  { employees: 2000, weight: 0.2 },
];

/** Flat lead facts as routing derives them; industry is a form field the config does not segment by. */
export type FloorFacts = {
  tier: string;
  region: string;
  employees: number;
  "fields.industry": string;
  source: string;
};

export type FloorLead = {
  id: string;
  day: number;
  at: number;
  facts: FloorFacts;
  /** The uniform the lead's conversion is decided by, whoever gets it. */
  u: number;
  /** Days until a conversion is reported; days until a `lost` (null: never reported). */
  successDelay: number;
  lostDelay: number | null;
};

/** `cellNoise`: per rep × industry × region, so the true rates are not exactly additive. */
export type FloorWorld = { seed: number; leads: FloorLead[]; cellNoise: Map<string, number> };

function pick<T extends { weight: number }>(items: readonly T[], u: number): T {
  let acc = 0;
  for (const item of items) if (u < (acc += item.weight)) return item;
  return items[items.length - 1]!;
}

function normal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The true conversion of `rep` for `lead` on `day`: what the oracle knows. */
export function trueRate(world: FloorWorld, rep: FloorRep, lead: FloorLead): number {
  const f = lead.facts;
  const tier = TIERS.find((t) => t.value === f.tier)!;
  let logit = tier.logit + rep.skill + (rep.change && lead.day >= rep.change.day ? rep.change.by : 0);
  logit += rep.region === f.region ? 0.35 : 0;
  logit += rep.industries.includes(f["fields.industry"]) ? 0.75 : -0.1;
  logit += rep.source === f.source ? 0.4 : 0;
  logit += world.cellNoise.get(`${rep.id}/${f["fields.industry"]}/${f.region}`) ?? 0;
  return 1 / (1 + Math.exp(-logit));
}

/** The world for a seed. */
export function buildFloor(seed: number): FloorWorld {
  const random = seededRandom(seed);
  const cellNoise = new Map<string, number>();
  for (const rep of FLOOR_REPS)
    for (const industry of INDUSTRIES)
      for (const region of REGIONS)
        cellNoise.set(`${rep.id}/${industry.value}/${region.value}`, (random() - 0.5) * 0.3);
  const leads: FloorLead[] = [];
  for (let day = 0; day < DAYS; day++)
    for (let k = 0; k < LEADS_PER_DAY; k++) {
      const facts: FloorFacts = {
        tier: pick(TIERS, random()).value,
        region: pick(REGIONS, random()).value,
        employees: pick(SIZES, random()).employees,
        "fields.industry": pick(INDUSTRIES, random()).value,
        source: pick(SOURCES, random()).value,
      };
      // Log-normal, median 10 days, clipped to 2–40: B2B qualification takes days to weeks.
      const successDelay = Math.min(
        40,
        Math.max(2, Math.round(Math.exp(Math.log(10) + 0.6 * normal(random)))),
      );
      const lostDelay = random() < 0.5 ? 5 + Math.floor(random() * 41) : null;
      leads.push({
        id: `s${seed}-l${leads.length}`,
        day,
        at: START + day * DAY_MS + Math.floor(((k + random()) / LEADS_PER_DAY) * DAY_MS),
        facts,
        u: random(),
        successDelay,
        lostDelay,
      });
    }
  return { seed, leads, cellNoise };
}

/** The config's reps on a day: absent reps are inactive. */
export function repsOn(day: number): Rep[] {
  return FLOOR_REPS.map((r) =>
    repSchema.parse({
      id: r.id,
      name: r.id,
      email: `${r.id}@example.com`,
      timezone: "UTC",
      active: !r.absent.some(([from, to]) => day >= from && day < to),
      workingHours: Object.fromEntries(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ start: "00:00", end: "24:00" }]]),
      ),
    }),
  );
}

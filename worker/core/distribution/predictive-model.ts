import type { Team } from "../config-doc";
import type { FactValue } from "../lead-facts";
import type { Random } from "../random";
import type { EvidenceSettings } from "./predictive-evidence";

/**
 * The predictive mode's conversion model: a Beta–Binomial per rep × segment. Everything here
 * is pure; randomness comes from a generator seeded by the caller, so a decision replays.
 */

/** Reported outcomes of one rep in one segment. */
export type RepOutcomes = { successes: number; failures: number };

/** Whether a lead converted, as the model counts it. */
export type OutcomeLabel = "success" | "failure";

/** Outcome kinds that count as a conversion: the lead was worth a rep's time. */
export const SUCCESS_KINDS: readonly string[] = ["qualified", "opportunity", "won"];
/** Outcome kinds that count against: the deal was lost or the meeting did not happen. */
export const FAILURE_KINDS: readonly string[] = ["lost", "no_show"];

/** `contacted` (and anything else) says nothing about conversion: null. */
export function outcomeLabel(kind: string): OutcomeLabel | null {
  if (SUCCESS_KINDS.includes(kind)) return "success";
  if (FAILURE_KINDS.includes(kind)) return "failure";
  return null;
}

/**
 * One label per lead, whatever order its outcomes arrive in: a success is final (an
 * opportunity later lost was still a qualified lead), a failure becomes a success if the lead
 * qualifies after all (a no-show who rebooks and qualifies).
 */
export function mergeLabel(prev: OutcomeLabel | null, next: OutcomeLabel): OutcomeLabel {
  return prev === "success" ? "success" : next;
}

/** The predictive settings with their defaults applied. */
export type PredictiveSettings = {
  band: number;
  segments: { fact: string; bands?: number[] }[];
  minObservations: number;
  priorStrength: number;
  /** The feature model's facts: the segments' and `features`, plus every descriptive one if `auto`. */
  features: { fact: string; bands?: number[] }[];
  autoFeatures: boolean;
  /** Width of the feature model's Thompson draws (1 = the posterior's). */
  exploration: number;
  evidence: EvidenceSettings;
};

export const DEFAULT_FAIRNESS_BAND = 0.1;

// By team object: the team object asks several times per decision for the same cached team,
// and the evidence store recognises settings it has loaded by identity. Treat the result as
// read-only; a team changed in place after a first call would keep its old settings (config
// documents are parsed fresh, and the insights' drafts change a structured clone, before use).
const SETTINGS = new WeakMap<Team, PredictiveSettings>();
const SIGNATURES = new WeakMap<PredictiveSettings["segments"], string>();

/** The predictive settings of `team`, defaults applied; the same object for the same team. */
export function predictiveSettings(team: Team): PredictiveSettings {
  let settings = SETTINGS.get(team);
  if (!settings) SETTINGS.set(team, (settings = readSettings(team)));
  return settings;
}

function readSettings(team: Team): PredictiveSettings {
  const p = team.distribution.predictive;
  return {
    band: team.distribution.fairnessBand ?? DEFAULT_FAIRNESS_BAND,
    segments: p?.segments ?? [],
    minObservations: p?.minObservations ?? 20,
    priorStrength: p?.priorStrength ?? 2,
    features: [...(p?.segments ?? []), ...(p?.features ?? [])],
    autoFeatures: p?.autoFeatures ?? true,
    exploration: p?.exploration ?? 0.25,
    evidence: {
      halfLifeDays: p?.halfLifeDays ?? 45,
      maturityDays: p?.maturityDays ?? 30,
      memoryDays: p?.memoryDays ?? 180,
    },
  };
}

/** Identifies the segment definition; a model built under another one must be rebuilt. */
export function segmentSignature(settings: Pick<PredictiveSettings, "segments">): string {
  let signature = SIGNATURES.get(settings.segments);
  if (signature === undefined) {
    signature = JSON.stringify(settings.segments.map((s) => [s.fact, s.bands ?? null]));
    SIGNATURES.set(settings.segments, signature);
  }
  return signature;
}

/**
 * The segment of a lead, e.g. `tier=A|region=EMEA|employees=50–250`; "*" with no segments.
 * A missing fact is its own value ("?"), so leads without it still learn together.
 */
export function segmentKey(
  segments: PredictiveSettings["segments"],
  facts: Readonly<Record<string, FactValue | undefined>>,
): string {
  if (segments.length === 0) return "*";
  return segments.map((s) => `${s.fact}=${segmentValue(facts[s.fact], s.bands)}`).join("|");
}

function segmentValue(value: FactValue | undefined, bands: number[] | undefined): string {
  if (value === undefined) return "?";
  if (!bands) return Array.isArray(value) ? (value as readonly string[]).toSorted().join(",") : String(value);
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return "?";
  const i = bands.findIndex((b) => n < b);
  if (i === 0) return `<${bands[0]}`;
  if (i === -1) return `≥${bands[bands.length - 1]}`;
  return `${bands[i - 1]}–${bands[i]}`;
}

/** The posterior of one rep's conversion in a segment, and a summary for the trace. */
export type Posterior = {
  alpha: number;
  beta: number;
  mean: number;
  /** Posterior standard deviation: the model's uncertainty. */
  sd: number;
  /** An approximate 90% credible interval (normal approximation, clipped to [0, 1]). */
  lower: number;
  upper: number;
};

/** Everything the prior of one rep in one segment is built from. */
export type PriorData = {
  /** All eligible reps in this segment. */
  segment: RepOutcomes;
  /** This rep in all segments, and the whole team in all segments. */
  rep?: RepOutcomes;
  team?: RepOutcomes;
};

/**
 * Beta(prior + outcomes). The prior (empirical Bayes) is centred where an additive log-odds
 * model puts the rep: the segment's pooled conversion, shifted by how much better or worse the
 * rep converts than the team over all segments. It weighs `strength` pseudo-outcomes, so a
 * rep with no history in a segment starts from what the team knows about it and about the
 * segment, uncertain enough for Thompson sampling to try it. Rates are smoothed (+1/+2).
 */
export function posterior(own: RepOutcomes, prior: PriorData, strength: number): Posterior {
  let logit = logOdds(prior.segment);
  if (prior.rep && prior.team) logit += logOdds(prior.rep) - logOdds(prior.team);
  const p0 = 1 / (1 + Math.exp(-logit));
  const alpha = strength * p0 + own.successes;
  const beta = strength * (1 - p0) + own.failures;
  const n = alpha + beta;
  const mean = alpha / n;
  const sd = Math.sqrt((alpha * beta) / (n * n * (n + 1)));
  const z = 1.6449;
  return { alpha, beta, mean, sd, lower: Math.max(0, mean - z * sd), upper: Math.min(1, mean + z * sd) };
}

function logOdds(o: RepOutcomes): number {
  return Math.log((o.successes + 1) / (o.failures + 1));
}

/** A Beta(alpha, beta) draw as X / (X + Y) with gamma draws X, Y. */
export function sampleBeta(alpha: number, beta: number, random: Random): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x + y === 0 ? alpha / (alpha + beta) : x / (x + y);
}

/** Marsaglia–Tsang (2000); shape < 1 via the boost Gamma(a + 1) · U^(1/a). */
function sampleGamma(shape: number, random: Random): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A standard normal draw (Box–Muller). */
function normal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

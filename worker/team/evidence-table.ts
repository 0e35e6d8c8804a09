import {
  FIT_PRIORS,
  dayOf,
  delayCdf,
  fitFeatureModel,
  summarize,
  type Evidence,
  type EvidenceBucket,
  type EvidenceSettings,
  type FeatureEvidence,
  type FeatureFit,
  type FitLead,
} from "../core/distribution";

/**
 * The feature model's evidence in memory: day buckets per rep × feature key, the leads
 * themselves (rep, features, day, label), and per day the delays of the conversions of that
 * day's leads. The team object mirrors it in SQLite (evidence-store.ts) and rebuilds it on
 * load; both simulations use it directly, so all three run the same model.
 *
 * Decisions use the joint fit over the leads (predictive-fit.ts), kept in memory and refitted
 * from itself (see `fit`); a decision then costs O(reps × features) map reads. The bucket
 * summaries (cached per key and day) serve the one-pass model (`sums`).
 */
export class EvidenceTable {
  private readonly buckets = new Map<string, Map<number, EvidenceBucket>>();
  private readonly delays = new Map<number, number[]>();
  private readonly cache = new Map<string, { today: number; value: Evidence }>();
  private cdfCache: { today: number; cdf: number[] } | null = null;
  private readonly leads = new Map<string, FitLead>();
  private fitCache: { today: number; fit: FeatureFit } | null = null;

  constructor(private readonly settings: EvidenceSettings) {}

  /** Adds to one key's bucket of `day` (negative amounts undo, e.g. a reassignment). */
  add(repId: string, feature: string, day: number, change: { n?: number; r?: number; s?: number }): void {
    const key = keyOf(repId, feature);
    let days = this.buckets.get(key);
    if (!days) this.buckets.set(key, (days = new Map()));
    const b = days.get(day) ?? { day, n: 0, r: 0, s: 0 };
    days.set(day, { day, n: b.n + (change.n ?? 0), r: b.r + (change.r ?? 0), s: b.s + (change.s ?? 0) });
    this.cache.delete(key);
  }

  /** A lead of `day` assigned to `repId`, or an outcome of it, on the rep's and the team's keys. */
  addLead(
    repId: string,
    features: readonly string[],
    day: number,
    change: { n?: number; r?: number; s?: number },
  ): void {
    for (const f of ["*", ...features]) {
      this.add(repId, f, day, change);
      this.add("", f, day, change);
    }
  }

  /** A conversion of a lead of `day`, reported `delay` days after it. */
  addDelay(day: number, delay: number): void {
    if (delay < 0 || delay >= this.settings.maturityDays) return;
    const h = this.delays.get(day) ?? Array.from({ length: this.settings.maturityDays }, () => 0);
    h[delay]! += 1;
    this.delays.set(day, h);
    // Every summary depends on F: recompute them, so a decision never mixes two versions of F.
    this.cdfCache = null;
    this.cache.clear();
  }

  /** Records a lead, or its new rep or label; null forgets it. The fit reads these. */
  setLead(leadId: string, lead: FitLead | null): void {
    if (lead) this.leads.set(leadId, lead);
    else this.leads.delete(leadId);
  }

  /** The chooser's input for a lead with `features`, at `now`: the day's joint fit. */
  evidence(features: readonly string[], now: number): FeatureEvidence {
    const fit = this.fit(dayOf(now));
    let successes = 0;
    for (const rep of fit.reps.values()) successes += rep.successes;
    return { features, team: { "*": { s: successes, e: fit.exposure } }, reps: {}, fit };
  }

  /** The one-pass model's input: decayed sums per rep × feature (tests and comparisons). */
  sums(features: readonly string[], repIds: readonly string[], now: number): FeatureEvidence {
    const today = dayOf(now);
    const keys = ["*", ...features];
    const read = (repId: string) => Object.fromEntries(keys.map((f) => [f, this.read(repId, f, today)]));
    return {
      features,
      team: read(""),
      reps: Object.fromEntries(repIds.map((id) => [id, read(id)])),
    };
  }

  /**
   * The joint fit, refitted on the first decision of each day from the previous one: a fit
   * costs O(leads × facts), so a decision reads terms and pays for no fit. Outcomes reported
   * during a day count from the next day's leads; B2B outcomes take days to arrive anyway.
   * Refitting as often as every 5% of changes did no better on either simulation.
   */
  private fit(today: number): FeatureFit {
    if (this.fitCache?.today === today) return this.fitCache.fit;
    const cdf = this.cdf(today);
    const fit = fitFeatureModel(
      this.leads.values(),
      today,
      this.settings,
      cdf,
      FIT_PRIORS,
      this.fitCache?.fit,
    );
    this.fitCache = { today, fit };
    return fit;
  }

  /** Drops buckets past the memory; returns the keys and days dropped, for the store. */
  prune(now: number): number {
    const oldest = dayOf(now) - this.settings.memoryDays;
    let dropped = 0;
    for (const [key, days] of this.buckets) {
      for (const day of days.keys())
        if (day < oldest) {
          days.delete(day);
          dropped++;
          this.cache.delete(key);
        }
      if (days.size === 0) this.buckets.delete(key);
    }
    for (const day of this.delays.keys()) if (day < oldest) this.delays.delete(day);
    for (const [id, lead] of this.leads) if (lead.day < oldest) this.leads.delete(id);
    return dropped;
  }

  /** Number of buckets held: the state the memory bounds. */
  size(): number {
    let n = 0;
    for (const days of this.buckets.values()) n += days.size;
    return n;
  }

  private read(repId: string, feature: string, today: number): Evidence {
    const key = keyOf(repId, feature);
    const hit = this.cache.get(key);
    if (hit?.today === today) return hit.value;
    const days = this.buckets.get(key);
    const value = days ? summarize(days.values(), today, this.settings, this.cdf(today)) : { s: 0, e: 0 };
    this.cache.set(key, { today, value });
    return value;
  }

  /** F(age), from the delays of leads at least `maturityDays` old (see delayCdf). */
  private cdf(today: number): number[] {
    if (this.cdfCache?.today === today) return this.cdfCache.cdf;
    const m = this.settings.maturityDays;
    const hist = Array.from({ length: m }, () => 0);
    for (const [day, h] of this.delays) {
      const age = today - day;
      if (age < m || age >= this.settings.memoryDays) continue;
      h.forEach((x, i) => (hist[i]! += x));
    }
    const cdf = delayCdf(hist, m);
    this.cdfCache = { today, cdf };
    return cdf;
  }
}

function keyOf(repId: string, feature: string): string {
  return `${repId}\u0000${feature}`;
}

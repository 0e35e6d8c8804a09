import {
  FIT_PRIORS,
  dayOf,
  delayCdf,
  type EvidenceSettings,
  type FeatureEvidence,
  type FeatureFit,
  type FitLead,
} from "../core/distribution";
import { FitDesign } from "../core/distribution/predictive-design";
import { fitDesign } from "../core/distribution/predictive-fit";

/**
 * The feature model's evidence in memory: the leads themselves (rep, features, day, label) and
 * per day the delays of the conversions of that day's leads. The team object mirrors it in
 * SQLite (evidence-store.ts) and reloads it on first use; both simulations use it directly,
 * so all three run the same model.
 *
 * Decisions use the joint fit over the leads (predictive-fit.ts), kept in memory and refitted
 * from itself once a day (see `fit`); a decision then costs O(reps × features) map reads. The
 * leads are held as the fit reads them, integer rows numbered as each is set, each in its
 * cell of rep and features (predictive-design.ts), so the day's refit, which the day's first
 * visitor waits for, does no string work and sweeps over cells rather than leads.
 */
export class EvidenceTable {
  private readonly delays = new Map<number, number[]>();
  private cdfCache: { today: number; cdf: number[] } | null = null;
  private readonly leads = new FitDesign();
  private fitCache: { today: number; fit: FeatureFit } | null = null;

  constructor(private readonly settings: EvidenceSettings) {}

  /** A conversion of a lead of `day`, reported `delay` days after it. */
  addDelay(day: number, delay: number): void {
    if (delay < 0 || delay >= this.settings.maturityDays) return;
    const h = this.delays.get(day) ?? Array.from({ length: this.settings.maturityDays }, () => 0);
    h[delay]! += 1;
    this.delays.set(day, h);
    this.cdfCache = null;
  }

  /** Records a lead, or its new rep or label; null forgets it. The fit reads these. */
  setLead(leadId: string, lead: FitLead | null): void {
    this.leads.set(leadId, lead);
  }

  /** The chooser's input for a lead with `features`, at `now`: the day's joint fit. */
  evidence(features: readonly string[], now: number): FeatureEvidence {
    const fit = this.fit(dayOf(now));
    let successes = 0;
    for (const rep of fit.reps.values()) successes += rep.successes;
    return { features, team: { "*": { s: successes, e: fit.exposure } }, reps: {}, fit };
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
    const fit = fitDesign(this.leads, today, this.settings, cdf, FIT_PRIORS, this.fitCache?.fit);
    this.fitCache = { today, fit };
    return fit;
  }

  /** Drops leads and delays past the memory; returns the number of leads dropped. */
  prune(now: number): number {
    const oldest = dayOf(now) - this.settings.memoryDays;
    for (const day of this.delays.keys()) if (day < oldest) this.delays.delete(day);
    return this.leads.prune(oldest);
  }

  /** Number of leads held: the state the memory bounds. */
  size(): number {
    return this.leads.size;
  }

  /** Distinct reps × features among the leads held: what a refit sweeps over. */
  cells(): number {
    return this.leads.live;
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

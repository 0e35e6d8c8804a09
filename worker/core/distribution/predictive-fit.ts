import type { OutcomeLabel } from "./predictive-model";
import type { EvidenceSettings } from "./predictive-evidence";
import { FitDesign, SUCCESS } from "./predictive-design";

/**
 * The feature model fitted jointly on the leads themselves (a penalised Poisson regression),
 * in place of one pass over marginal sums per rep × feature:
 *
 *     conversions(lead) ~ Poisson(exposure · e^η),
 *     η = c + Σ_f t_f(v) + a_rep + Σ_f d_rep,f(v)
 *
 * `c + Σ t` is the team's rate for the lead (common to every rep), `a` the rep's overall edge
 * and `d` its edge on each feature value, with the priors of predictive-features.ts. Why joint:
 * predictive routing sends a rep the leads it is good at, so within its leads the facts are
 * correlated (its saas leads are also mostly its region's). A marginal estimate per feature
 * then credits one edge to every correlated fact and counts it several times; the joint fit
 * credits each edge once. Measured on both simulators (docs/predictive.md).
 *
 * Each lead weighs e^(−ln2 · age / halfLifeDays) and counts as one trial once it has an
 * outcome, F(age) of one before (the maturation rule of predictive-evidence.ts). Leads past
 * `memoryDays` are left out. The fit is exact coordinate ascent by groups: within a group
 * (the intercept, one fact's team terms, the reps' `a`, one fact's `d`) every lead touches at
 * most one term, so each term's Newton step is one-dimensional and the group's steps are
 * independent. It starts from the previous fit when given one (the team object keeps it in
 * memory and refits as leads and outcomes come in), else from the priors' means with more
 * passes. The team object's leads come as a `FitDesign` (predictive-design.ts), numbered once
 * as they are set, each in its cell (its rep and features). Leads of one cell share η at every
 * step, so the fit sums their weights and trials once and its sweeps run over cells: the same
 * sums grouped differently, so only rounding differs from a sweep over leads.
 */

/** One lead as the fit sees it. */
export type FitLead = {
  repId: string;
  features: readonly string[];
  /** UTC day number of the assignment. */
  day: number;
  label: OutcomeLabel | null;
};

/** A fitted term: posterior mean and precision (Laplace approximation, term by term). */
export type FitTerm = { mean: number; precision: number };

export type FeatureFit = {
  /** The team's log-rate for a lead: `intercept` plus `team` of each of its features. */
  intercept: number;
  team: ReadonlyMap<string, number>;
  reps: ReadonlyMap<string, RepFit>;
  /** Decayed, maturity-weighted trials of the whole team. */
  exposure: number;
};

export type RepFit = {
  a: FitTerm;
  d: ReadonlyMap<string, FitTerm>;
  /** Decayed conversions and trials of the rep. */
  successes: number;
  exposure: number;
};

export type FitPriors = { repSd: number; featureSd: number };

// The team terms are fixed effects in spirit: wide priors, only there to keep a fact seen on
// a handful of leads finite. The intercept starts at a 5% conversion.
const TEAM_SD = 1;
const INTERCEPT_SD = 3;
const INTERCEPT_MEAN = Math.log(0.05);
/**
 * Passes over all groups, from the priors (cold) and from the previous fit (warm). Under
 * selective routing the facts within a rep's leads are correlated, and coordinate ascent
 * creeps along such directions, so a cold fit needs more passes; a warm one only has to move
 * by what the new leads and outcomes change.
 */
const COLD_SWEEPS = 8;
const WARM_SWEEPS = 2;
/** Newton steps per term and group (one-dimensional, from the term's current value). */
const NEWTON = 4;

type Rows = {
  /** The fitted cells' numbers in the design, in the order of their first fitted lead. */
  cell: Int32Array;
  /** Per cell: decayed conversions (Σ w·s), decayed trials (Σ w·e), η and expected conversions. */
  ws: Float64Array;
  we: Float64Array;
  eta: Float64Array;
  /** Σ w·e·e^η, kept by multiplying by e^δ as terms move: one `exp` per term and step, not per cell. */
  expected: Float64Array;
};
/** A group of terms: each cell's term index (−1: none) and each term's number in the design. */
type Group = {
  of: Int32Array;
  ids: number[];
  sd: number;
  mean: number;
  values: Float64Array;
  precision: Float64Array;
  /** Decayed conversions per term: fixed through the sweeps. */
  observed: Float64Array;
};

/** Fits the model on `leads` as of `today`, from `warm` (a previous fit) if given. */
export function fitFeatureModel(
  leads: Iterable<FitLead>,
  today: number,
  settings: EvidenceSettings,
  cdf: readonly number[],
  priors: FitPriors,
  warm?: FeatureFit,
): FeatureFit {
  const design = new FitDesign();
  let i = 0;
  for (const lead of leads) design.set(String(i++), lead);
  return fitDesign(design, today, settings, cdf, priors, warm);
}

/** `fitFeatureModel` on the leads of `design`, in its order. */
export function fitDesign(
  design: FitDesign,
  today: number,
  settings: EvidenceSettings,
  cdf: readonly number[],
  priors: FitPriors,
  warm?: FeatureFit,
): FeatureFit {
  const rows = weigh(design, today, settings, cdf);
  const names = design.featureNames;
  const facts = factsOf(design, rows);
  const repOf = (id: number) => warm?.reps.get(design.repNames[id]!);
  const intercept = new Terms(INTERCEPT_SD, INTERCEPT_MEAN, () => warm?.intercept ?? INTERCEPT_MEAN);
  const team = facts.map(() => new Terms(TEAM_SD, 0, (id) => warm?.team.get(names[id]!) ?? 0));
  const a = new Terms(priors.repSd, 0, (id) => repOf(id)?.a.mean ?? 0);
  const d = facts.map(
    () =>
      new Terms(priors.featureSd, 0, (id) => {
        return repOf(design.pairRep[id]!)?.d.get(names[design.pairFeature[id]!]!)?.mean ?? 0;
      }),
  );
  numberTerms(design, rows, facts, { intercept, team, a, d });
  for (let i = 0; i < rows.cell.length; i++) rows.expected[i] = rows.we[i]! * Math.exp(rows.eta[i]!);
  const groups = [intercept, ...team, a, ...d].map((t) => t.group());
  const sweeps = warm ? WARM_SWEEPS : COLD_SWEEPS;
  // The last step need not reach the cells: nothing reads them after the sweeps.
  let pending: Pending | null = null;
  for (let sweep = 0; sweep < sweeps; sweep++) for (const g of groups) pending = step(g, rows, pending);
  return result(design, rows, groups, facts.length);
}

/**
 * The leads inside the memory, their decay weights and trials (the maturation rule) summed per
 * cell. Cells are numbered in the order of their first fitted lead, so that terms, numbered in
 * the order of their first cell, come in the order of their first lead. Weights by age come
 * from a table: one `exp` per day of memory rather than per lead.
 */
function weigh(design: FitDesign, today: number, settings: EvidenceSettings, cdf: readonly number[]): Rows {
  const { top, cell: cellOf, day, label: labelOf } = design;
  const dense = new Int32Array(design.cells).fill(-1);
  const cell = new Int32Array(design.cells);
  const ws = new Float64Array(design.cells);
  const we = new Float64Array(design.cells);
  const rate = Math.LN2 / settings.halfLifeDays;
  const weights = Float64Array.from({ length: settings.memoryDays }, (_, age) => Math.exp(-rate * age));
  let n = 0;
  for (let r = 0; r < top; r++) {
    const c = cellOf[r]!;
    if (c < 0) continue;
    const age = today - day[r]!;
    if (age < 0 || age >= settings.memoryDays) continue;
    const label = labelOf[r]!;
    const trials = label ? 1 : (cdf[age] ?? 1);
    if (trials <= 0) continue;
    // Ages are whole days; any other would miss the table (undefined), so the fallback.
    const w = weights[age] ?? Math.exp(-rate * age);
    let k = dense[c]!;
    if (k < 0) cell[(k = dense[c] = n++)] = c;
    if (label === SUCCESS) ws[k]! += w;
    we[k]! += w * trials;
  }
  return {
    cell: cell.subarray(0, n),
    ws: ws.subarray(0, n),
    we: we.subarray(0, n),
    eta: new Float64Array(n),
    expected: new Float64Array(n),
  };
}

/** A group's terms as the leads are numbered: see `numberTerms`. */
class Terms {
  readonly ids: number[] = [];
  readonly values: number[] = [];
  readonly observed: number[] = [];
  of = new Int32Array(0);

  constructor(
    readonly sd: number,
    readonly mean: number,
    private readonly init: (id: number) => number,
  ) {}

  /** Cell `i`'s term for design number `id`; `scratch` maps numbers to terms. */
  add(rows: Rows, i: number, id: number, scratch: Int32Array): void {
    let k = scratch[id]!;
    if (k < 0) {
      k = scratch[id] = this.ids.push(id) - 1;
      this.values.push(this.init(id));
      this.observed.push(0);
    }
    this.of[i] = k;
    this.observed[k]! += rows.ws[i]!;
    rows.eta[i]! += this.values[k]!;
  }

  group(): Group {
    const { of, ids, sd, mean } = this;
    const values = Float64Array.from(this.values);
    return {
      of,
      ids,
      sd,
      mean,
      values,
      precision: new Float64Array(ids.length),
      observed: Float64Array.from(this.observed),
    };
  }
}

/**
 * Numbers each group's terms in the order of their first lead (the order the string-keyed fit
 * gave them, which the fit's Maps keep), sums their decayed conversions and adds their starting
 * values to the cells' η in the groups' order (a cell's entries come in fact name order, the
 * groups' order). One pass over the cells for all groups. A feature or pair belongs to one
 * fact, so one scratch serves all of a kind's groups.
 */
function numberTerms(
  design: FitDesign,
  rows: Rows,
  facts: readonly number[],
  { intercept, team, a, d }: { intercept: Terms; team: Terms[]; a: Terms; d: Terms[] },
): void {
  const n = rows.cell.length;
  for (const t of [intercept, ...team, a, ...d]) t.of = new Int32Array(n).fill(-1);
  const group = new Int32Array(design.factNames.length);
  facts.forEach((f, g) => (group[f] = g));
  const features = new Int32Array(design.featureNames.length).fill(-1);
  const pairs = new Int32Array(design.pairRep.length).fill(-1);
  const reps = new Int32Array(design.repNames.length).fill(-1);
  const one = Int32Array.of(-1);
  const { cellStart, cellCount, fact, feature, pair, cellRep } = design;
  for (let i = 0; i < n; i++) {
    const c = rows.cell[i]!;
    const [from, to] = [cellStart[c]!, cellStart[c]! + cellCount[c]!];
    intercept.add(rows, i, 0, one);
    for (let e = from; e < to; e++) team[group[fact[e]!]!]!.add(rows, i, feature[e]!, features);
    a.add(rows, i, cellRep[c]!, reps);
    for (let e = from; e < to; e++) d[group[fact[e]!]!]!.add(rows, i, pair[e]!, pairs);
  }
}

/** The facts of the fitted cells, in name order (the order of the groups). */
function factsOf(design: FitDesign, rows: Rows): number[] {
  const seen = new Uint8Array(design.factNames.length);
  const { cellStart, cellCount, fact } = design;
  for (const c of rows.cell)
    for (let e = cellStart[c]!; e < cellStart[c]! + cellCount[c]!; e++) seen[fact[e]!] = 1;
  const facts: number[] = [];
  seen.forEach((yes, f) => yes && facts.push(f));
  return facts.toSorted((x, y) => design.factRank[x]! - design.factRank[y]!);
}

/** A group's step as factors e^δ, not yet applied to the cells. */
type Pending = { of: Int32Array; factor: Float64Array };

/**
 * One exact coordinate step for every term of the group. The previous group's step reaches the
 * cells in the same pass that sums this group's expected conversions: one pass over the cells
 * per step instead of two.
 */
function step(g: Group, rows: Rows, pending: Pending | null): Pending {
  const { of, values, precision, observed } = g;
  const cells = rows.expected;
  const m = values.length;
  const expected = new Float64Array(m);
  if (pending)
    for (let i = 0; i < of.length; i++) {
      const j = pending.of[i]!;
      if (j >= 0) cells[i]! *= pending.factor[j]!;
      const k = of[i]!;
      if (k >= 0) expected[k]! += cells[i]!;
    }
  else
    for (let i = 0; i < of.length; i++) {
      const k = of[i]!;
      if (k >= 0) expected[k]! += cells[i]!;
    }
  const p = 1 / (g.sd * g.sd);
  const factor = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    // Maximise s·δ − M·e^δ − p(θ + δ − μ)²/2 over δ.
    let x = 0;
    for (let it = 0; it < NEWTON; it++) {
      const me = expected[k]! * Math.exp(x);
      x += (observed[k]! - me - p * (values[k]! + x - g.mean)) / (me + p);
    }
    factor[k] = Math.exp(x);
    values[k]! += x;
    precision[k] = expected[k]! * factor[k]! + p;
  }
  return { of, factor };
}

/** The fit by name; `groups` in their order: intercept, `facts` team groups, a, `facts` d. */
function result(design: FitDesign, rows: Rows, groups: readonly Group[], facts: number): FeatureFit {
  const [intercept, a] = [groups[0]!, groups[1 + facts]!];
  const [team, d] = [groups.slice(1, 1 + facts), groups.slice(2 + facts)];
  const names = design.featureNames;
  const teamTerms = new Map<string, number>();
  for (const g of team) g.ids.forEach((id, k) => teamTerms.set(names[id]!, g.values[k]!));
  type Rep = { a: FitTerm; d: Map<string, FitTerm>; successes: number; exposure: number };
  const reps = new Map<string, Rep>();
  const byNumber: Rep[] = [];
  a.ids.forEach((id, k) => {
    const rep = {
      a: { mean: a.values[k]!, precision: a.precision[k]! },
      d: new Map(),
      successes: 0,
      exposure: 0,
    };
    reps.set(design.repNames[id]!, rep);
    byNumber[id] = rep;
  });
  for (const g of d)
    g.ids.forEach((id, k) =>
      byNumber[design.pairRep[id]!]!.d.set(names[design.pairFeature[id]!]!, {
        mean: g.values[k]!,
        precision: g.precision[k]!,
      }),
    );
  let exposure = 0;
  for (let i = 0; i < rows.cell.length; i++) {
    const rep = byNumber[design.cellRep[rows.cell[i]!]!]!;
    rep.successes += rows.ws[i]!;
    rep.exposure += rows.we[i]!;
    exposure += rows.we[i]!;
  }
  return { intercept: intercept.values[0] ?? INTERCEPT_MEAN, team: teamTerms, reps, exposure };
}

import type { FitLead } from "./predictive-fit";

/** `FitDesign.label` of a converted lead (0: no outcome yet, 2: lost). */
export const SUCCESS = 1;
const FAILURE = 2;

/**
 * The joint fit's leads (predictive-fit.ts) as integers, kept up to date lead by lead, so that
 * the team object's daily refit does no string work: facts, feature keys, reps and rep ×
 * feature pairs are numbered once, when a lead is set. A lead is a row of typed arrays (day,
 * label, rep) and a run of entries (its features and their rep × feature pairs, one per fact,
 * in fact name order: the order of the fit's groups). Entries rather than a column per fact:
 * auto features take every short fact of a lead (form fields included), so a team's facts can
 * be many while each lead has a few. Measured: the string work was most of the refit's cost
 * (docs/predictive.md, "Throughput").
 *
 * Rows keep the order leads were first set in, the order of the `Map` this replaces (a re-set
 * lead keeps its row, a forgotten one frees it), because the fit's sums run in lead order and
 * the fitted values should not depend on how the leads are stored. Freed rows and entries are
 * squeezed out once they outnumber the live ones, and features, reps and pairs numbered afresh
 * from the live rows, so names no lead uses any more go with them (a fit numbers its terms
 * itself: a design number never reaches a fitted value).
 */
export class FitDesign {
  readonly factNames: string[] = [];
  /** Per fact, its place in name order. */
  factRank = new Int32Array(0);
  featureNames: string[] = [];
  featureFact: number[] = [];
  repNames: string[] = [];
  pairRep: number[] = [];
  pairFeature: number[] = [];
  private readonly factIds = new Map<string, number>();
  private featureIds = new Map<string, number>();
  private repIds = new Map<string, number>();
  private pairIds: Map<number, number>[] = [];
  /** Lead id → row; its order is the rows' order. */
  private readonly rows = new Map<string, number>();
  private ids: (string | null)[] = [];
  private freed = 0;
  /** Scratch: the features of the lead being set. */
  private keys = new Int32Array(16);
  /** Rows in use, freed ones included. */
  top = 0;
  day = new Float64Array(64);
  label = new Uint8Array(64);
  /** Rep number per row, −1 for a freed row. */
  rep = new Int32Array(64);
  /** A row's entries: `count` from `start` in `fact`, `feature` and `pair` (room for `room`). */
  start = new Int32Array(64);
  count = new Int32Array(64);
  private room = new Int32Array(64);
  fact = new Int32Array(256);
  feature = new Int32Array(256);
  pair = new Int32Array(256);
  /** Entries used, and those of them no live row points at. */
  private used = 0;
  private wasted = 0;

  /** Leads held. */
  get size(): number {
    return this.rows.size;
  }

  /** Records a lead, or its new rep, features or label; null forgets it. */
  set(id: string, lead: FitLead | null): void {
    let row = this.rows.get(id);
    if (!lead) {
      if (row === undefined) return;
      this.rows.delete(id);
      this.free(row);
      this.squeeze();
      return;
    }
    const n = this.entries(lead.features);
    if (row === undefined) {
      row = this.top++;
      [this.day, this.label, this.rep] = [
        grown(this.day, row + 1),
        grown(this.label, row + 1),
        grown(this.rep, row + 1),
      ];
      [this.start, this.count, this.room] = [
        grown(this.start, row + 1),
        grown(this.count, row + 1),
        grown(this.room, row + 1),
      ];
      this.room[row] = 0;
      this.rows.set(id, row);
      this.ids[row] = id;
    }
    if (this.room[row]! < n) {
      this.wasted += this.room[row]!;
      [this.start[row], this.room[row]] = [this.used, n];
      this.used += n;
      [this.fact, this.feature] = [grown(this.fact, this.used), grown(this.feature, this.used)];
      this.pair = grown(this.pair, this.used);
    }
    const rep = this.repId(lead.repId);
    this.day[row] = lead.day;
    this.label[row] = lead.label === "success" ? SUCCESS : lead.label ? FAILURE : 0;
    this.rep[row] = rep;
    this.count[row] = n;
    const at = this.start[row]!;
    for (let j = 0; j < n; j++) {
      this.fact[at + j] = this.featureFact[this.keys[j]!]!;
      this.feature[at + j] = this.keys[j]!;
      this.pair[at + j] = this.pairId(rep, this.keys[j]!);
    }
    this.squeeze();
  }

  /** Forgets the leads of days before `oldest`; returns how many. */
  prune(oldest: number): number {
    let dropped = 0;
    for (let row = 0; row < this.top; row++)
      if (this.rep[row]! >= 0 && this.day[row]! < oldest) {
        this.rows.delete(this.ids[row]!);
        this.free(row);
        dropped++;
      }
    this.squeeze();
    return dropped;
  }

  /** The lead's features into `keys`, one per fact, in fact name order; returns how many. */
  private entries(keys: readonly string[]): number {
    if (this.keys.length < keys.length) this.keys = new Int32Array(2 * keys.length);
    let n = 0;
    for (const key of keys) {
      const feature = this.featureId(key);
      const fact = this.featureFact[feature]!;
      // A lead has one value per fact; should it carry two, the first counts (as it always has).
      let j = 0;
      while (j < n && this.featureFact[this.keys[j]!] !== fact) j++;
      if (j === n) this.keys[n++] = feature;
    }
    // Insertion sort by rank: a handful of entries, and ranks are final once all are numbered.
    for (let i = 1; i < n; i++) {
      const x = this.keys[i]!;
      const rank = this.factRank[this.featureFact[x]!]!;
      let j = i - 1;
      for (; j >= 0 && this.factRank[this.featureFact[this.keys[j]!]!]! > rank; j--)
        this.keys[j + 1] = this.keys[j]!;
      this.keys[j + 1] = x;
    }
    return n;
  }

  private free(row: number): void {
    this.rep[row] = -1;
    this.ids[row] = null;
    this.freed++;
    this.wasted += this.room[row]!;
  }

  /** Drops freed rows and entries once they outnumber live ones, keeping the order. */
  private squeeze(): void {
    const live = this.used - this.wasted;
    if (this.freed <= Math.max(16, this.rows.size) && this.wasted <= Math.max(64, live)) return;
    const feature = new Int32Array(Math.max(256, 2 * live));
    const [fact, pair] = [new Int32Array(feature.length), new Int32Array(feature.length)];
    let to = 0;
    let at = 0;
    for (let from = 0; from < this.top; from++) {
      if (this.rep[from]! < 0) continue;
      const [start, count] = [this.start[from]!, this.count[from]!];
      fact.set(this.fact.subarray(start, start + count), at);
      feature.set(this.feature.subarray(start, start + count), at);
      pair.set(this.pair.subarray(start, start + count), at);
      this.day[to] = this.day[from]!;
      this.label[to] = this.label[from]!;
      this.rep[to] = this.rep[from]!;
      [this.start[to], this.count[to], this.room[to]] = [at, count, count];
      this.ids[to] = this.ids[from]!;
      if (to !== from) this.rows.set(this.ids[to]!, to);
      at += count;
      to++;
    }
    [this.fact, this.feature, this.pair, this.used, this.wasted] = [fact, feature, pair, at, 0];
    [this.top, this.freed, this.ids.length] = [to, 0, to];
    this.renumber();
  }

  /** Numbers features, reps and pairs afresh from the live rows: names no lead uses go. */
  private renumber(): void {
    const features = new Int32Array(this.featureNames.length).fill(-1);
    const reps = new Int32Array(this.repNames.length).fill(-1);
    const pairs = new Int32Array(this.pairRep.length).fill(-1);
    const [featureNames, repNames] = [this.featureNames, this.repNames];
    [this.featureNames, this.featureIds, this.featureFact] = [[], new Map(), []];
    [this.repNames, this.repIds] = [[], new Map()];
    [this.pairRep, this.pairFeature, this.pairIds] = [[], [], []];
    for (let row = 0; row < this.top; row++) {
      const old = this.rep[row]!;
      const rep = reps[old]! >= 0 ? reps[old]! : (reps[old] = this.repId(repNames[old]!));
      this.rep[row] = rep;
      for (let e = this.start[row]!; e < this.start[row]! + this.count[row]!; e++) {
        const f = this.feature[e]!;
        if (features[f]! < 0) features[f] = this.featureId(featureNames[f]!);
        this.feature[e] = features[f]!;
        const p = this.pair[e]!;
        if (pairs[p]! < 0) pairs[p] = this.pairId(rep, features[f]!);
        this.pair[e] = pairs[p]!;
      }
    }
  }

  private factId(fact: string): number {
    let id = this.factIds.get(fact);
    if (id !== undefined) return id;
    id = this.factNames.push(fact) - 1;
    this.factIds.set(fact, id);
    // A new fact shifts the ranks after it but keeps their order, so stored entries stay sorted.
    const order = this.factNames
      .map((_, f) => f)
      .toSorted((x, y) => compare(this.factNames[x]!, this.factNames[y]!));
    this.factRank = new Int32Array(order.length);
    order.forEach((f, rank) => (this.factRank[f] = rank));
    return id;
  }

  private featureId(key: string): number {
    let id = this.featureIds.get(key);
    if (id !== undefined) return id;
    const fact = this.factId(factOf(key));
    id = this.featureNames.push(key) - 1;
    this.featureFact.push(fact);
    this.featureIds.set(key, id);
    return id;
  }

  private repId(repId: string): number {
    let id = this.repIds.get(repId);
    if (id !== undefined) return id;
    id = this.repNames.push(repId) - 1;
    this.repIds.set(repId, id);
    this.pairIds.push(new Map());
    return id;
  }

  private pairId(rep: number, feature: number): number {
    const ofRep = this.pairIds[rep]!;
    let id = ofRep.get(feature);
    if (id !== undefined) return id;
    id = this.pairRep.push(rep) - 1;
    this.pairFeature.push(feature);
    ofRep.set(feature, id);
    return id;
  }
}

/** A feature key's fact: "tier=A" → "tier". */
export function factOf(key: string): string {
  const i = key.indexOf("=");
  return i < 0 ? key : key.slice(0, i);
}

/** The order of `Array.prototype.sort` without a comparator: UTF-16 code units. */
function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `a`, or a copy with room for at least `size` (doubling), its contents kept. */
function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, size: number): T {
  if (size <= a.length) return a;
  const out = new (a.constructor as new (n: number) => T)(Math.max(size, 2 * a.length));
  out.set(a);
  return out;
}

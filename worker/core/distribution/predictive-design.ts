import type { FitLead } from "./predictive-fit";

/** `FitDesign.label` of a converted lead (0: no outcome yet, 2: lost). */
export const SUCCESS = 1;
const FAILURE = 2;

/**
 * The joint fit's leads (predictive-fit.ts) as integers, kept up to date lead by lead, so that
 * the team object's daily refit does no string work: facts, feature keys, reps and rep ×
 * feature pairs are numbered once, when a lead is set, and each lead is a row of typed arrays
 * (day, label, rep, and per fact the lead's feature and rep × feature pair, −1 for none).
 * Measured: the string work was most of the refit's cost (docs/predictive.md, "Throughput").
 *
 * Rows keep the order leads were first set in, the order of the `Map` this replaces (a re-set
 * lead keeps its row, a forgotten one frees it), because the fit's sums run in lead order and
 * the fitted values should not depend on how the leads are stored. Freed rows are squeezed out
 * once they outnumber the live ones, and features, reps and pairs numbered afresh from the live
 * rows, so names no lead uses any more go with them (a fit numbers its terms itself: a design
 * number never reaches a fitted value).
 */
export class FitDesign {
  readonly factNames: string[] = [];
  featureNames: string[] = [];
  repNames: string[] = [];
  pairRep: number[] = [];
  pairFeature: number[] = [];
  private readonly factIds = new Map<string, number>();
  private featureIds = new Map<string, number>();
  private featureFact: number[] = [];
  private repIds = new Map<string, number>();
  private pairIds: Map<number, number>[] = [];
  /** Lead id → row; its order is the rows' order. */
  private readonly rows = new Map<string, number>();
  private ids: (string | null)[] = [];
  private freed = 0;
  /** Scratch: the feature numbers of the lead being set. */
  private keys = new Int32Array(16);
  /** Rows in use, freed ones included. */
  top = 0;
  /** Columns per row in `feature` and `pair`: at least one per fact. */
  stride = 8;
  day = new Float64Array(64);
  label = new Uint8Array(64);
  /** Rep number per row, −1 for a freed row. */
  rep = new Int32Array(64);
  feature = new Int32Array(64 * 8);
  pair = new Int32Array(64 * 8);

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
    // Numbered before the row is placed: a new fact may widen the rows.
    const keys = lead.features;
    if (this.keys.length < keys.length) this.keys = new Int32Array(2 * keys.length);
    for (let i = 0; i < keys.length; i++) this.keys[i] = this.featureId(keys[i]!);
    if (row === undefined) {
      row = this.top++;
      this.grow(this.top);
      this.rows.set(id, row);
      this.ids[row] = id;
    }
    const rep = this.repId(lead.repId);
    this.day[row] = lead.day;
    this.label[row] = lead.label === "success" ? SUCCESS : lead.label ? FAILURE : 0;
    this.rep[row] = rep;
    const at = row * this.stride;
    this.feature.fill(-1, at, at + this.stride);
    this.pair.fill(-1, at, at + this.stride);
    // A lead has one value per fact; should it carry two, the first counts (as it always has).
    for (let i = 0; i < keys.length; i++) {
      const feature = this.keys[i]!;
      const col = at + this.featureFact[feature]!;
      if (this.feature[col]! >= 0) continue;
      this.feature[col] = feature;
      this.pair[col] = this.pairId(rep, feature);
    }
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

  private free(row: number): void {
    this.rep[row] = -1;
    this.ids[row] = null;
    this.freed++;
  }

  /** Drops freed rows once they outnumber live ones, keeping the order. */
  private squeeze(): void {
    if (this.freed <= Math.max(16, this.rows.size)) return;
    const s = this.stride;
    let to = 0;
    for (let from = 0; from < this.top; from++) {
      if (this.rep[from]! < 0) continue;
      if (to !== from) {
        this.day[to] = this.day[from]!;
        this.label[to] = this.label[from]!;
        this.rep[to] = this.rep[from]!;
        this.feature.copyWithin(to * s, from * s, from * s + s);
        this.pair.copyWithin(to * s, from * s, from * s + s);
        this.ids[to] = this.ids[from]!;
        this.rows.set(this.ids[to]!, to);
      }
      to++;
    }
    this.ids.length = to;
    this.top = to;
    this.freed = 0;
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
    const s = this.stride;
    for (let row = 0; row < this.top; row++) {
      const old = this.rep[row]!;
      const rep = reps[old]! >= 0 ? reps[old]! : (reps[old] = this.repId(repNames[old]!));
      this.rep[row] = rep;
      for (let at = row * s; at < row * s + s; at++) {
        const f = this.feature[at]!;
        if (f < 0) continue;
        if (features[f]! < 0) features[f] = this.featureId(featureNames[f]!);
        this.feature[at] = features[f]!;
        const p = this.pair[at]!;
        if (pairs[p]! < 0) pairs[p] = this.pairId(rep, features[f]!);
        this.pair[at] = pairs[p]!;
      }
    }
  }

  /** Room for `rows` rows of `stride` columns, existing rows kept. */
  private grow(rows: number, stride = this.stride): void {
    if (rows <= this.day.length && stride === this.stride) return;
    const capacity = Math.max(this.day.length, 64);
    const size = rows <= capacity ? capacity : Math.max(rows, 2 * capacity);
    const widen = (old: Int32Array) => {
      const out = new Int32Array(size * stride).fill(-1);
      if (stride === this.stride) out.set(old.subarray(0, this.top * stride));
      else
        for (let row = 0; row < this.top; row++)
          out.set(
            old.subarray(row * this.stride, row * this.stride + Math.min(stride, this.stride)),
            row * stride,
          );
      return out;
    };
    if (size !== this.day.length) {
      const day = new Float64Array(size);
      day.set(this.day.subarray(0, this.top));
      const label = new Uint8Array(size);
      label.set(this.label.subarray(0, this.top));
      const rep = new Int32Array(size);
      rep.set(this.rep.subarray(0, this.top));
      [this.day, this.label, this.rep] = [day, label, rep];
    }
    [this.feature, this.pair] = [widen(this.feature), widen(this.pair)];
    this.stride = stride;
  }

  private factId(fact: string): number {
    let id = this.factIds.get(fact);
    if (id !== undefined) return id;
    id = this.factNames.push(fact) - 1;
    this.factIds.set(fact, id);
    if (id >= this.stride) this.grow(this.top, 2 * this.stride);
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

import type { FitLead } from "./predictive-fit";

/** `FitDesign.label` of a converted lead (0: no outcome yet, 2: lost). */
export const SUCCESS = 1;
const FAILURE = 2;

/**
 * The joint fit's leads (predictive-fit.ts) as integers, kept up to date lead by lead, so that
 * the team object's daily refit does no string work: facts, feature keys, reps and rep ×
 * feature pairs are numbered once, when a lead is set. Measured: the string work was most of
 * the refit's cost (docs/predictive.md, "The daily refit").
 *
 * A lead's η in the fit depends only on its rep and features, so the design also numbers each
 * distinct (rep, features) "cell" when a lead is set, and a refit sums the leads' weights per
 * cell once, then sweeps over cells: the same likelihood, with fewer rows wherever leads share
 * their facts. A cell holds a run of entries (its features and their rep × feature pairs, one
 * per fact, in fact name order: the order of the fit's groups); entries rather than a column
 * per fact, as auto features take every short fact of a lead (form fields included), so a
 * team's facts can be many while each lead has a few. A lead is a row: day, label and cell.
 *
 * Rows keep the order leads were first set in, the order of the `Map` this replaces (a re-set
 * lead keeps its row, a forgotten one frees it): the fit numbers its cells, and so its terms,
 * in the order of their first lead, the order the fit's Maps keep. Cells are counted by their
 * leads; a cell no lead is in stays findable until freed rows or cells outnumber the live
 * ones, when rows are squeezed and features, reps, pairs and cells numbered afresh from the
 * live rows, so names no lead uses any more go with them (a fit numbers its terms itself: a
 * design number never reaches a fitted value).
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
  /** Cell number per row, −1 for a freed row. */
  cell = new Int32Array(64);
  /** Cells numbered, those no lead is in included. */
  cells = 0;
  /** A cell's rep, and its entries: `cellCount` from `cellStart` in `fact`, `feature`, `pair`. */
  cellRep = new Int32Array(64);
  cellStart = new Int32Array(64);
  cellCount = new Int32Array(64);
  fact = new Int32Array(256);
  feature = new Int32Array(256);
  pair = new Int32Array(256);
  /** Leads per cell, and entries used. */
  private refs = new Int32Array(64);
  private used = 0;
  /** Cells with a lead: a refit's rows at most. */
  live = 0;
  /** Open addressing from (rep, features) to cell: cell numbers, −1 empty; hash per cell. */
  private slots = new Int32Array(128).fill(-1);
  private cellHash = new Int32Array(64);

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
    const cell = this.cellOf(this.repId(lead.repId), this.entries(lead.features));
    if (row === undefined) {
      row = this.top++;
      [this.day, this.label, this.cell] = [
        grown(this.day, row + 1),
        grown(this.label, row + 1),
        grown(this.cell, row + 1),
      ];
      this.rows.set(id, row);
      this.ids[row] = id;
    } else this.leave(this.cell[row]!);
    if (this.refs[cell]!++ === 0) this.live++;
    this.day[row] = lead.day;
    this.label[row] = lead.label === "success" ? SUCCESS : lead.label ? FAILURE : 0;
    this.cell[row] = cell;
    this.squeeze();
  }

  /** Forgets the leads of days before `oldest`; returns how many. */
  prune(oldest: number): number {
    let dropped = 0;
    for (let row = 0; row < this.top; row++)
      if (this.cell[row]! >= 0 && this.day[row]! < oldest) {
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

  /** The cell of `rep` and the `n` features in `keys`, numbered if new. */
  private cellOf(rep: number, n: number): number {
    let h = Math.imul(rep + 1, 0x9e3779b1);
    for (let j = 0; j < n; j++) h = Math.imul(h ^ this.keys[j]!, 0x85ebca6b) ^ (h >>> 15);
    const mask = this.slots.length - 1;
    let at = h & mask;
    for (let c = this.slots[at]!; c >= 0; c = this.slots[(at = (at + 1) & mask)]!)
      if (this.cellHash[c] === h && this.isCell(c, rep, n)) return c;
    const cell = this.cells++;
    [this.cellRep, this.cellStart, this.cellCount] = [
      grown(this.cellRep, cell + 1),
      grown(this.cellStart, cell + 1),
      grown(this.cellCount, cell + 1),
    ];
    [this.refs, this.cellHash] = [grown(this.refs, cell + 1), grown(this.cellHash, cell + 1)];
    [this.cellRep[cell], this.cellStart[cell], this.cellCount[cell]] = [rep, this.used, n];
    [this.refs[cell], this.cellHash[cell], this.slots[at]] = [0, h, cell];
    this.used += n;
    [this.fact, this.feature] = [grown(this.fact, this.used), grown(this.feature, this.used)];
    this.pair = grown(this.pair, this.used);
    for (let j = 0, e = this.cellStart[cell]!; j < n; j++, e++) {
      const feature = this.keys[j]!;
      [this.fact[e], this.feature[e]] = [this.featureFact[feature]!, feature];
      this.pair[e] = this.pairId(rep, feature);
    }
    // Kept at most half full, so that a probe ends soon.
    if (2 * this.cells > this.slots.length) this.rehash(2 * this.slots.length);
    return cell;
  }

  private isCell(c: number, rep: number, n: number): boolean {
    if (this.cellRep[c] !== rep || this.cellCount[c] !== n) return false;
    const at = this.cellStart[c]!;
    for (let j = 0; j < n; j++) if (this.feature[at + j] !== this.keys[j]) return false;
    return true;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let c = 0; c < this.cells; c++) {
      let at = this.cellHash[c]! & mask;
      while (this.slots[at]! >= 0) at = (at + 1) & mask;
      this.slots[at] = c;
    }
  }

  private leave(cell: number): void {
    if (--this.refs[cell]! === 0) this.live--;
  }

  private free(row: number): void {
    this.leave(this.cell[row]!);
    this.cell[row] = -1;
    this.ids[row] = null;
    this.freed++;
  }

  /** Drops freed rows and cells no lead is in once they outnumber live ones, keeping the order. */
  private squeeze(): void {
    if (this.freed <= Math.max(16, this.rows.size) && this.cells - this.live <= Math.max(16, this.live))
      return;
    let to = 0;
    for (let from = 0; from < this.top; from++) {
      if (this.cell[from]! < 0) continue;
      this.day[to] = this.day[from]!;
      this.label[to] = this.label[from]!;
      this.cell[to] = this.cell[from]!;
      this.ids[to] = this.ids[from]!;
      if (to !== from) this.rows.set(this.ids[to]!, to);
      to++;
    }
    [this.top, this.freed, this.ids.length] = [to, 0, to];
    this.renumber();
  }

  /** Numbers features, reps, pairs and cells afresh from the live rows: names no lead uses go. */
  private renumber(): void {
    const features = new Int32Array(this.featureNames.length).fill(-1);
    const reps = new Int32Array(this.repNames.length).fill(-1);
    const cells = new Int32Array(this.cells).fill(-1);
    const [featureNames, repNames] = [this.featureNames, this.repNames];
    const [cellRep, cellStart, cellCount, refs] = [this.cellRep, this.cellStart, this.cellCount, this.refs];
    const feature = this.feature;
    [this.featureNames, this.featureIds, this.featureFact] = [[], new Map(), []];
    [this.repNames, this.repIds] = [[], new Map()];
    [this.pairRep, this.pairFeature, this.pairIds] = [[], [], []];
    const size = Math.max(64, 2 * this.live);
    [this.cellRep, this.cellStart, this.cellCount] = [
      new Int32Array(size),
      new Int32Array(size),
      new Int32Array(size),
    ];
    [this.refs, this.cellHash] = [new Int32Array(size), new Int32Array(size)];
    this.slots = new Int32Array(Math.max(128, 2 ** Math.ceil(Math.log2(4 * this.live + 1)))).fill(-1);
    this.fact = new Int32Array(Math.max(256, 2 * this.used));
    [this.feature, this.pair] = [new Int32Array(this.fact.length), new Int32Array(this.fact.length)];
    [this.cells, this.live, this.used] = [0, 0, 0];
    for (let row = 0; row < this.top; row++) {
      const old = this.cell[row]!;
      if (cells[old]! < 0) {
        const r = cellRep[old]!;
        const rep = reps[r]! >= 0 ? reps[r]! : (reps[r] = this.repId(repNames[r]!));
        const n = cellCount[old]!;
        for (let j = 0; j < n; j++) {
          const f = feature[cellStart[old]! + j]!;
          if (features[f]! < 0) features[f] = this.featureId(featureNames[f]!);
          this.keys[j] = features[f]!;
        }
        cells[old] = this.cellOf(rep, n);
        this.refs[cells[old]!] = refs[old]!;
        this.live++;
      }
      this.cell[row] = cells[old]!;
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

import { DurableObject } from "cloudflare:workers";
import {
  dayOf,
  featureKeys,
  predictiveSettings,
  segmentSignature,
  type EvidenceSettings,
  type TeamState,
} from "../core/distribution";
import { assignLead, reassignLead, recordOutcome, releaseLead } from "./assignments";
import { CallBatch } from "./call-batch";
import { moveLead } from "./move";
import { loadOutcomeHistory } from "./model-history";
import { ModelStore } from "./model-store";
import type {
  AssignInput,
  AssignResult,
  ModelStatus,
  MoveInput,
  MoveResult,
  OutcomeInput,
  OutcomeResult,
  ReassignInput,
  ReassignResult,
  ReleaseInput,
  ReleaseResult,
  ResolvedAssignInput,
  StaleConfig,
  TeamConfigRef,
  TeamConfigSlice,
  TeamStatus,
} from "./team-rpc";
import { TeamStore } from "./team-store";
import { OutsideStore, withOutside, type OutsideNote } from "./outside-store";
import { updateAway, withAway, type AwayMap, type AwayRange } from "./rep-away";

export type * from "./team-rpc";

// Pruning of the per-lead rows; the rules (what each row is for, and until when) are in
// team-store.ts above OPEN_KEEP_MS (`leads`) and model-store.ts above MODEL_FINAL_KEEP_MS
// (`model_leads`). One batch covers both tables, `leads` first.
export const PRUNE_BATCH = 1_000;
/** Between sweeps; the first is set when a row is written and no alarm is pending. */
export const PRUNE_INTERVAL_MS = 86_400_000;
/** Between the batches of a backlog, so each holds the input gate only for a few ms. */
export const PRUNE_CONTINUE_MS = 30_000;
/** Before any config told the object its window: the longest a team may set. */
const MAX_DEDUPE_DAYS = 365;
const STALE: StaleConfig = { ok: false, reason: "stale_config" };
const EVIDENCE_SETTINGS = "evidence_settings";

/**
 * One SQLite-backed object per team: the unit of consistency for round-robin, fairness and
 * capacity state. Every call's work runs synchronously from start to end (no `await` inside),
 * so no other call interleaves with it: concurrent submissions get exactly the
 * order-by-arrival that sequential ones would. Assignments wait for the end of the event-loop
 * turn they arrived in and then run together, in arrival order, so that they share one SQLite
 * commit (call-batch.ts); every other method first runs the assignments queued before it.
 * The choice itself is `worker/core/distribution`. The one await inside a call's work, a
 * predictive model rebuild from D1, runs under blockConcurrencyWhile.
 *
 * Rows no purpose needs any more are deleted in batches by the object's alarm, which the
 * first write schedules and each run schedules again while rows remain, so no cron is needed.
 */
export class TeamDurableObject extends DurableObject<Env> {
  private readonly store: TeamStore;
  private readonly model: ModelStore;
  private readonly outside: OutsideStore;
  private readonly assigns = new CallBatch((call: { slice: TeamConfigSlice; input: ResolvedAssignInput }) =>
    this.run(call.slice, (state) => assignLead(this.store, this.model, state, call.input)),
  );
  // A copy of the stored counters, so a call reads no rows it does not have to. It is set only
  // after a transaction commits; an evicted or reset object reloads it from SQLite.
  private state: TeamState | null = null;
  private configVersion: number | null = null;
  private dedupeWindowDays: number | null = null;
  // Team slices by config checksum, so `assign` may be sent just a reference (`TeamConfigRef`).
  // The latest one is also stored, for the first call after the object is evicted.
  private readonly slices = new Map<string, TeamConfigSlice>();
  private pruneScheduled = false;
  // Reps' own "I'm out" ranges (see rep-away.ts), stored in meta; read once per wake-up.
  private awayMap: AwayMap | null = null;
  /**
   * The time the pruning alarm judges rows by; RPC calls carry their caller's `now` instead.
   * Tests replace it (runInDurableObject). Alarm times themselves are always wall-clock.
   */
  clock: () => number = () => Date.now();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new TeamStore(ctx.storage.sql);
    this.model = new ModelStore(ctx.storage.sql);
    this.outside = new OutsideStore(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      this.model.migrate();
      this.outside.migrate();
      this.pruneScheduled = (await ctx.storage.getAlarm()) !== null;
    });
  }

  /**
   * Assigns a lead to a rep of the team; idempotent per `leadId`. Given a config reference
   * instead of a slice (intake's path: no rep hours and rules on the wire), it uses the slice
   * cached for that checksum, or answers `stale_config`; the caller then sends the slice
   * whole, with the checksum, which caches it.
   */
  async assign(input: AssignInput): Promise<AssignResult> {
    const teamConfig = "team" in input.teamConfig ? input.teamConfig : this.cachedSlice(input.teamConfig);
    if (!teamConfig) return STALE;
    const resolved: ResolvedAssignInput = { ...input, teamConfig: withAway(teamConfig, this.away()) };
    await this.ensureModel(resolved);
    return this.assigns.add({ slice: teamConfig, input: resolved });
  }

  /** Moves a lead to another rep (SLA sweep); idempotent when sweeps overlap. */
  async reassign(input: ReassignInput): Promise<ReassignResult> {
    this.assigns.flush();
    const seen = { ...input, teamConfig: withAway(input.teamConfig, this.away()) };
    return this.run(input.teamConfig, (state) => reassignLead(this.store, this.model, state, seen));
  }

  /** Moves a lead by hand (an admin's reassignment); ordered with `reassign` by the input gate. */
  async move(input: MoveInput): Promise<MoveResult> {
    this.assigns.flush();
    const seen = { ...input, teamConfig: withAway(input.teamConfig, this.away()) };
    return this.run(input.teamConfig, (state) => moveLead(this.store, this.model, state, seen));
  }

  /**
   * Records a rep's own "I'm out" range (null: back now), kept outside the config; from the
   * next call on the rep counts as OOO here, and is calibrated when the range ends.
   */
  async setAway(repId: string, range: AwayRange | null, now: number): Promise<AwayMap> {
    this.assigns.flush();
    const next = updateAway(this.away(), repId, range, now);
    this.store.setMeta("rep_away", JSON.stringify(next));
    this.awayMap = next;
    return next;
  }

  /**
   * Notes that a member took a lead this object did not count (a direct destination or another
   * team; sent after the fact by worker/team/outside-loads.ts), so that the member's caps hold
   * here too. Fairness shares do not see it. Idempotent per lead and rep; a lead this object
   * has a row for is its own (counted, or deduped on purpose) and is ignored. Returns whether
   * the note was new.
   */
  async noteOutside(note: OutsideNote): Promise<boolean> {
    this.assigns.flush();
    if (this.store.hasLead(note.leadId)) return false;
    // Read before the insert: a state loaded after it would hold the note already.
    const state = this.current();
    const added = this.ctx.storage.transactionSync(() => this.outside.add(note.leadId, note.repId, note.at));
    if (added) this.state = { ...state, outside: withOutside(state.outside, note) };
    this.schedulePrune();
    return added;
  }

  /** Counts a reported outcome in the predictive model; idempotent per lead and label. */
  async recordOutcome(input: OutcomeInput): Promise<OutcomeResult> {
    this.assigns.flush();
    const stored = this.store.getMeta(EVIDENCE_SETTINGS);
    const evidence = stored
      ? { settings: JSON.parse(stored) as EvidenceSettings, now: input.now ?? this.clock() }
      : null;
    return this.guarded(() =>
      this.ctx.storage.transactionSync(() => recordOutcome(this.model, input, evidence)),
    );
  }

  /** The feature model's evidence rows, for status and the bound test. */
  async evidenceRows(): Promise<{ leads: number }> {
    this.assigns.flush();
    return this.model.evidence.rows();
  }

  /** The predictive model's counts per rep × segment. */
  async modelStatus(): Promise<ModelStatus> {
    this.assigns.flush();
    return { cells: this.model.cells() };
  }

  /** Releases a lead after a cancel, no-show or close; idempotent. */
  async release(input: ReleaseInput): Promise<ReleaseResult> {
    this.assigns.flush();
    return this.run(input.teamConfig, (state) => releaseLead(this.store, state, input));
  }

  /** Privacy erasure: drops the dedupe email of these leads; their counts stay. */
  async forgetEmails(leadIds: string[]): Promise<number> {
    this.assigns.flush();
    return this.store.forgetEmails(leadIds);
  }

  /** Binds the object to its team and records the config version it should use. */
  async useConfig(teamId: string, configVersion: number): Promise<TeamStatus> {
    this.assigns.flush();
    this.store.setMeta("team_id", teamId);
    this.store.setMeta("config_version", String(configVersion));
    this.configVersion = configVersion;
    return this.status();
  }

  async status(): Promise<TeamStatus> {
    this.assigns.flush();
    const version = this.store.getMeta("config_version");
    const state = this.current();
    return {
      teamId: this.store.getMeta("team_id"),
      configVersion: version === null ? null : Number(version),
      assignmentsRecorded: this.store.countLeads(),
      seq: state.seq,
      reps: { ...state.reps },
      ...(state.outside ? { outside: { ...state.outside } } : {}),
    };
  }

  /**
   * A predictive team's model is derived state: when it is missing (a new or wiped object),
   * was built under other segments, or missed an outcome, it is rebuilt from D1's outcomes
   * before the lead is assigned. blockConcurrencyWhile holds other calls meanwhile, so no
   * assignment sees a half-built model; a D1 failure leaves the model as it was (the lead is
   * still assigned, with what the model has) and the next assignment tries again.
   */
  private async ensureModel(input: ResolvedAssignInput): Promise<void> {
    const team = input.teamConfig.team;
    if (team.distribution.mode !== "predictive" || !input.lead) return;
    const settings = predictiveSettings(team);
    const signature = segmentSignature(settings);
    if (this.model.isReady(signature)) return;
    // The queued assignments found the model ready: they run on it before it is rebuilt.
    this.assigns.flush();
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.model.isReady(signature)) return;
      try {
        const history = await loadOutcomeHistory(this.env.DB, team.id, settings.segments);
        const leads = history.map((h) => ({
          ...h,
          day: dayOf(h.assignedAt),
          features: featureKeys(settings.features, settings.autoFeatures, h.facts ?? {}),
        }));
        this.guarded(() =>
          this.ctx.storage.transactionSync(() => {
            this.model.rebuild(history, signature);
            this.model.evidence.rebuild(settings.evidence, leads);
          }),
        );
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        console.error(JSON.stringify({ level: "warn", msg: "model rebuild failed", teamId: team.id, error }));
      }
    });
  }

  /** One batch of pruning; sets the next alarm: soon while a backlog remains, else later. */
  override async alarm(): Promise<void> {
    this.assigns.flush();
    this.pruneScheduled = false;
    const now = this.clock();
    const days = this.dedupeWindowDays ?? Number(this.store.getMeta("dedupe_window_days") ?? MAX_DEDUPE_DAYS);
    const { deleted, next } = this.ctx.storage.transactionSync(() => {
      const leads = this.store.pruneLeads(now, days, PRUNE_BATCH);
      const model = leads < PRUNE_BATCH ? this.model.pruneLeads(now, PRUNE_BATCH - leads) : 0;
      const left = PRUNE_BATCH - leads - model;
      const outside = left > 0 ? this.outside.prune(now, left) : 0;
      // The in-memory copy drops the pruned instants too (they no longer count anyway).
      if (outside > 0 && this.state) this.state = { ...this.state, outside: this.outside.load() };
      const times = [this.store.nextPruneAt(), this.model.nextPruneAt(now), this.outside.nextPruneAt()];
      const due = times.filter((t) => t !== null);
      return { deleted: leads + model + outside, next: due.length ? Math.min(...due) : null };
    });
    // No rows left: the next write schedules the alarm again.
    if (next === null) return;
    const delay = deleted === PRUNE_BATCH ? PRUNE_CONTINUE_MS : Math.max(PRUNE_INTERVAL_MS, next - now);
    this.pruneScheduled = true;
    await this.ctx.storage.setAlarm(Date.now() + delay);
  }

  private schedulePrune(): void {
    if (this.pruneScheduled) return;
    this.pruneScheduled = true;
    // Not awaited, so the call stays free of awaits; the output gate holds the answer until
    // the alarm is stored, as for any storage write.
    void this.ctx.storage.setAlarm(Date.now() + PRUNE_INTERVAL_MS);
  }

  /** The slice cached for `ref.checksum`, from memory or, after an eviction, from storage. */
  private cachedSlice(ref: TeamConfigRef): TeamConfigSlice | null {
    let slice = this.slices.get(ref.checksum);
    if (!slice) {
      const stored = this.store.getMeta("config_slice");
      const parsed = stored === null ? null : (JSON.parse(stored) as TeamConfigSlice);
      if (parsed?.checksum !== ref.checksum) return null;
      this.remember(parsed);
      slice = parsed;
    }
    // An identical document saved again gets a new version with the same checksum.
    return slice.configVersion === ref.configVersion ? slice : { ...slice, configVersion: ref.configVersion };
  }

  private remember(slice: TeamConfigSlice): void {
    if (!slice.checksum) return;
    // Two are enough to ride out a publish while requests on the old version drain.
    if (this.slices.size >= 2) this.slices.clear();
    this.slices.set(slice.checksum, slice);
  }

  /** A rolled-back transaction leaves the model's in-memory copies ahead: drop them. */
  private guarded<R>(op: () => R): R {
    try {
      return op();
    } catch (err) {
      this.model.reset();
      throw err;
    }
  }

  private away(): AwayMap {
    return (this.awayMap ??= JSON.parse(this.store.getMeta("rep_away") ?? "{}") as AwayMap);
  }

  private current(): TeamState {
    if (this.state) return this.state;
    const state = this.store.loadState();
    const outside = this.outside.load();
    return (this.state = outside ? { ...state, outside } : state);
  }

  private run<R>(config: TeamConfigSlice, op: (state: TeamState) => { result: R; state: TeamState }): R {
    const outcome = this.guarded(() =>
      this.ctx.storage.transactionSync(() => {
        this.noteConfig(config);
        return op(this.current());
      }),
    );
    // Only after commit: a rolled-back call leaves the in-memory copies as they were.
    this.state = outcome.state;
    this.configVersion = config.configVersion;
    this.dedupeWindowDays = config.team.distribution.dedupeWindowDays;
    if (config.checksum && !this.slices.has(config.checksum)) this.remember(config);
    this.schedulePrune();
    return outcome.result;
  }

  private noteConfig(config: TeamConfigSlice): void {
    // The alarm has no caller to tell it the team's dedupe window.
    const days = config.team.distribution.dedupeWindowDays;
    if (this.dedupeWindowDays !== days) this.store.setMeta("dedupe_window_days", String(days));
    if (config.checksum && !this.slices.has(config.checksum))
      this.store.setMeta("config_slice", JSON.stringify(config));
    if (this.configVersion === config.configVersion) return;
    // An outcome call carries no config: it counts with the settings of the last assignment.
    const team = config.team;
    if (team.distribution.mode === "predictive")
      this.store.setMeta(EVIDENCE_SETTINGS, JSON.stringify(predictiveSettings(team).evidence));
    this.store.setMeta("team_id", config.team.id);
    this.store.setMeta("config_version", String(config.configVersion));
  }
}

import { DurableObject } from "cloudflare:workers";
import { predictiveSettings, segmentSignature, type TeamState } from "../core/distribution";
import { assignLead, reassignLead, recordOutcome, releaseLead } from "./assignments";
import { loadOutcomeHistory } from "./model-history";
import { ModelStore } from "./model-store";
import type {
  AssignInput,
  AssignResult,
  ModelStatus,
  OutcomeInput,
  OutcomeResult,
  ReassignInput,
  ReassignResult,
  ReleaseInput,
  ReleaseResult,
  TeamConfigSlice,
  TeamStatus,
} from "./team-rpc";
import { TeamStore } from "./team-store";

export type * from "./team-rpc";

/**
 * One SQLite-backed object per team: the unit of consistency for round-robin, fairness and
 * capacity state. Every RPC method runs synchronously from start to return (no `await`), so
 * the input gate delivers no other call in between: concurrent submissions get exactly the
 * order-by-arrival that sequential ones would. The choice itself is `worker/core/distribution`.
 * The one await, a predictive model rebuild from D1, runs under blockConcurrencyWhile.
 */
export class TeamDurableObject extends DurableObject<Env> {
  private readonly store: TeamStore;
  private readonly model: ModelStore;
  // A copy of the stored counters, so a call reads no rows it does not have to. It is set only
  // after a transaction commits; an evicted or reset object reloads it from SQLite.
  private state: TeamState | null = null;
  private configVersion: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new TeamStore(ctx.storage.sql);
    this.model = new ModelStore(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      this.model.migrate();
    });
  }

  /** Assigns a lead to a rep of the team; idempotent per `leadId`. */
  async assign(input: AssignInput): Promise<AssignResult> {
    await this.ensureModel(input);
    return this.run(input.teamConfig, (state) => assignLead(this.store, this.model, state, input));
  }

  /** Moves a lead to another rep (SLA sweep); idempotent when sweeps overlap. */
  async reassign(input: ReassignInput): Promise<ReassignResult> {
    return this.run(input.teamConfig, (state) => reassignLead(this.store, this.model, state, input));
  }

  /** Counts a reported outcome in the predictive model; idempotent per lead and label. */
  async recordOutcome(input: OutcomeInput): Promise<OutcomeResult> {
    return this.ctx.storage.transactionSync(() => recordOutcome(this.model, input));
  }

  /** The predictive model's counts per rep × segment. */
  async modelStatus(): Promise<ModelStatus> {
    return { cells: this.model.cells() };
  }

  /** Releases a lead after a cancel, no-show or close; idempotent. */
  async release(input: ReleaseInput): Promise<ReleaseResult> {
    return this.run(input.teamConfig, (state) => releaseLead(this.store, state, input));
  }

  /** Privacy erasure: drops the dedupe email of these leads; their counts stay. */
  async forgetEmails(leadIds: string[]): Promise<number> {
    return this.store.forgetEmails(leadIds);
  }

  /** Binds the object to its team and records the config version it should use. */
  async useConfig(teamId: string, configVersion: number): Promise<TeamStatus> {
    this.store.setMeta("team_id", teamId);
    this.store.setMeta("config_version", String(configVersion));
    this.configVersion = configVersion;
    return this.status();
  }

  async status(): Promise<TeamStatus> {
    const version = this.store.getMeta("config_version");
    const state = this.current();
    return {
      teamId: this.store.getMeta("team_id"),
      configVersion: version === null ? null : Number(version),
      assignmentsRecorded: this.store.countLeads(),
      seq: state.seq,
      reps: { ...state.reps },
    };
  }

  /**
   * A predictive team's model is derived state: when it is missing (a new or wiped object),
   * was built under other segments, or missed an outcome, it is rebuilt from D1's outcomes
   * before the lead is assigned. blockConcurrencyWhile holds other calls meanwhile, so no
   * assignment sees a half-built model; a D1 failure leaves the model as it was (the lead is
   * still assigned, with what the model has) and the next assignment tries again.
   */
  private async ensureModel(input: AssignInput): Promise<void> {
    const team = input.teamConfig.team;
    if (team.distribution.mode !== "predictive" || !input.facts) return;
    const settings = predictiveSettings(team);
    const signature = segmentSignature(settings);
    if (this.model.isReady(signature)) return;
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.model.isReady(signature)) return;
      try {
        const history = await loadOutcomeHistory(this.env.DB, team.id, settings.segments);
        this.ctx.storage.transactionSync(() => this.model.rebuild(history, signature));
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        console.error(JSON.stringify({ level: "warn", msg: "model rebuild failed", teamId: team.id, error }));
      }
    });
  }

  private current(): TeamState {
    return (this.state ??= this.store.loadState());
  }

  private run<R>(config: TeamConfigSlice, op: (state: TeamState) => { result: R; state: TeamState }): R {
    const outcome = this.ctx.storage.transactionSync(() => {
      this.noteConfig(config);
      return op(this.current());
    });
    // Only after commit: a rolled-back call leaves the in-memory copies as they were.
    this.state = outcome.state;
    this.configVersion = config.configVersion;
    return outcome.result;
  }

  private noteConfig(config: TeamConfigSlice): void {
    if (this.configVersion === config.configVersion) return;
    this.store.setMeta("team_id", config.team.id);
    this.store.setMeta("config_version", String(config.configVersion));
  }
}

import { DurableObject } from "cloudflare:workers";
import type { TeamState } from "../core/distribution";
import { assignLead, reassignLead, releaseLead } from "./assignments";
import type {
  AssignInput,
  AssignResult,
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
 */
export class TeamDurableObject extends DurableObject<Env> {
  private readonly store: TeamStore;
  // A copy of the stored counters, so a call reads no rows it does not have to. It is set only
  // after a transaction commits; an evicted or reset object reloads it from SQLite.
  private state: TeamState | null = null;
  private configVersion: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new TeamStore(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => this.store.migrate());
  }

  /** Assigns a lead to a rep of the team; idempotent per `leadId`. */
  async assign(input: AssignInput): Promise<AssignResult> {
    return this.run(input.teamConfig, (state) => assignLead(this.store, state, input));
  }

  /** Moves a lead to another rep (SLA sweep); idempotent when sweeps overlap. */
  async reassign(input: ReassignInput): Promise<ReassignResult> {
    return this.run(input.teamConfig, (state) => reassignLead(this.store, state, input));
  }

  /** Releases a lead after a cancel, no-show or close; idempotent. */
  async release(input: ReleaseInput): Promise<ReleaseResult> {
    return this.run(input.teamConfig, (state) => releaseLead(this.store, state, input));
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

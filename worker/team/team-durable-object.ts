import { DurableObject } from "cloudflare:workers";

/** What a team object reports about itself; the distribution issue grows this. */
export type TeamStatus = {
  teamId: string | null;
  configVersion: number | null;
  assignmentsRecorded: number;
};

/**
 * One SQLite-backed object per team: the unit of consistency for round-robin, fairness and
 * capacity state. It serialises every decision for its team, so concurrent submissions see
 * the same order as sequential ones. The choice itself lives in `worker/core`.
 */
export class TeamDurableObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Schema changes here are forward-only and idempotent: objects wake up at any version.
    ctx.blockConcurrencyWhile(async () => {
      this.ctx.storage.sql.exec(`
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS assignment_log (
          lead_id TEXT PRIMARY KEY,
          rep_id TEXT NOT NULL,
          assigned_at INTEGER NOT NULL
        );
      `);
    });
  }

  /** Binds the object to its team and records the config version it should use. */
  async useConfig(teamId: string, configVersion: number): Promise<TeamStatus> {
    this.setMeta("team_id", teamId);
    this.setMeta("config_version", String(configVersion));
    return this.status();
  }

  async status(): Promise<TeamStatus> {
    const count = this.ctx.storage.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM assignment_log")
      .one().n;
    const version = this.getMeta("config_version");
    return {
      teamId: this.getMeta("team_id"),
      configVersion: version === null ? null : Number(version),
      assignmentsRecorded: count,
    };
  }

  private getMeta(key: string): string | null {
    const rows = this.ctx.storage.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key)
      .toArray();
    return rows[0]?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
  }
}

/** The dry run: where every pending row would go, what each rep would receive; nothing written. */
import { buildAccountIndex } from "../core/account-match";
import { forecastEventList } from "../core/event-lists/forecast";
import type { TeamState } from "../core/distribution";
import type { ActiveConfig } from "../config/store";
import { readAllAccounts } from "../config/backtest-queries";
import type { Database } from "../db/client";
import { leadFacts } from "../lazy";
import type { DryRun } from "./contract";
import { rowsWith, type ListRow } from "./event-list-queries";
import { knownRows } from "./known";

/**
 * Each team object's counters now (one call per team), with its members' leads from elsewhere
 * (caps), the starting point of the forecast.
 */
async function teamStates(env: Env, active: ActiveConfig): Promise<Record<string, TeamState>> {
  const entries = await Promise.all(
    active.config.teams.map(async (t) => {
      const status = await env.TEAM.getByName(t.id).status();
      const { seq, reps, outside } = status;
      return [t.id, { seq, reps, ...(outside ? { outside } : {}) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export async function dryRun(
  env: Env,
  db: Database,
  active: ActiveConfig,
  list: ListRow,
  now: number,
): Promise<DryRun> {
  const [pending, refusedRows] = await Promise.all([
    rowsWith(db, list.id, "pending"),
    rowsWith(db, list.id, "refused"),
  ]);
  const [{ known }, accounts, { normalizeLead }, states] = await Promise.all([
    knownRows(db, list, pending, active.config, now),
    readAllAccounts(env.DB),
    leadFacts(),
    teamStates(env, active),
  ]);
  const forecast = forecastEventList({
    config: active.config,
    ruleSetId: list.ruleSetId,
    rows: pending.map((r) => {
      const k = known.get(r.row);
      // A lead of this very list (an interrupted run) makes no new lead either.
      const kind = k?.kind === "merged" ? "merged" : "duplicate";
      return {
        row: r.row,
        fields: { ...r.fields, event: list.name },
        ...(k ? { known: { kind, leadId: k.lead.id, repId: k.lead.repId } } : {}),
      };
    }),
    accounts: buildAccountIndex(accounts),
    normalize: normalizeLead,
    teamStates: states,
    now,
  });
  const counts = { route: 0, merged: 0, duplicate: 0, unroutable: 0, refused: refusedRows.length };
  for (const r of forecast.rows) counts[r.outcome]++;
  const emails = new Map(pending.map((r) => [r.row, r.fields.email ?? r.emailNormalized]));
  return {
    rows: forecast.rows.map((r) => ({ ...r, email: emails.get(r.row) ?? null })),
    perRep: forecast.perRep,
    refused: refusedRows.map((r) => ({ row: r.row, reason: r.reason ?? "refused" })),
    counts,
  };
}

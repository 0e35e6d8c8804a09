import { env } from "cloudflare:workers";
import { teamSchema, type Rep, type Team } from "../../worker/core/config-doc";
import type { AssignInput, TeamConfigSlice } from "../../worker/team/team-durable-object";
import { rep as coreRep } from "../unit/distribution-fixtures";

/** Monday 9 March 2026, 15:00 UTC. */
export const NOW = Date.parse("2026-03-09T15:00:00Z");
/** A rep in Berlin, available around the clock unless told otherwise. */
export function rep(id: string, extra: Record<string, unknown> = {}): Rep {
  return coreRep(id, { timezone: "Europe/Berlin", ...extra });
}

/** A team config slice; `members` are rep ids or [id, weight]. */
export function slice(
  mode: Team["distribution"]["mode"],
  members: (string | [string, number])[],
  options: { reps?: Rep[]; configVersion?: number; distribution?: Record<string, unknown> } = {},
): TeamConfigSlice {
  const ids = members.map((m) => (typeof m === "string" ? m : m[0]));
  const team = teamSchema.parse({
    id: "t1",
    name: "Team",
    members: members.map((m) => (typeof m === "string" ? { repId: m } : { repId: m[0], weight: m[1] })),
    distribution: { mode, ...options.distribution },
  });
  return {
    team,
    reps: options.reps ?? ids.map((id) => rep(id)),
    orgTimezone: "America/New_York",
    configVersion: options.configVersion ?? 1,
  };
}

/** A fresh team object per test (storage is isolated per test file, not per test). */
export function freshTeam(): DurableObjectStub<
  import("../../worker/team/team-durable-object").TeamDurableObject
> {
  return env.TEAM.getByName(crypto.randomUUID());
}

/** `n` assign calls with lead ids `${prefix}-0 …`, all in flight at once. */
export function assignMany(
  stub: ReturnType<typeof freshTeam>,
  teamConfig: TeamConfigSlice,
  n: number,
  prefix = "lead",
  extra: Partial<AssignInput> = {},
) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      stub.assign({ leadId: `${prefix}-${i}`, teamConfig, now: NOW, ...extra }),
    ),
  );
}

/** How many leads each rep got. */
export function tally(results: { ok: boolean; repId?: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) if (r.ok && r.repId) out[r.repId] = (out[r.repId] ?? 0) + 1;
  return out;
}

import { eq } from "drizzle-orm";
import { auditInsert } from "../audit/audit-queries";
import type { RoutingConfig } from "../core/config-doc";
import type { Database } from "../db/client";
import { repAway } from "../db/schema";
import { AppError } from "../errors";
import type { Actor } from "../http/hono-env";
import type { AwayRange } from "../team/rep-away";

/** An "I'm out" is for days off, not a leave of absence: that belongs in the config's OOO. */
export const MAX_AWAY_MS = 90 * 86_400_000;

export async function getAway(db: Database, repId: string) {
  const [row] = await db.select().from(repAway).where(eq(repAway.repId, repId)).limit(1);
  return row ?? null;
}

export function listAway(db: Database) {
  return db.select().from(repAway).orderBy(repAway.endAt);
}

/** Tells each of the rep's teams' objects, which apply it from their next lead on. */
async function pushToTeams(
  env: Env,
  config: RoutingConfig,
  repId: string,
  range: AwayRange | null,
  now: number,
) {
  const teams = config.teams.filter((t) => t.members.some((m) => m.repId === repId));
  await Promise.all(teams.map((t) => env.TEAM.getByName(t.id).setAway(repId, range, now)));
  return teams.map((t) => t.id);
}

/**
 * Starts a rep's "I'm out" now, until `until`: one D1 batch writes the override and its audit
 * entry, then every team object the rep belongs to is told. D1 is the record an admin reads;
 * the objects hold the copy routing uses, so the submit path costs no extra round trip.
 */
export async function startAway(
  env: Env,
  db: Database,
  config: RoutingConfig,
  actor: Actor,
  repId: string,
  change: { until: number; reason?: string },
  now: number,
) {
  if (!(change.until > now)) throw new AppError(422, "validation_failed", "`until` must be in the future.");
  if (change.until - now > MAX_AWAY_MS)
    throw new AppError(
      422,
      "validation_failed",
      "`until` may be at most 90 days ahead; ask an admin for longer.",
    );
  const row = {
    repId,
    startAt: now,
    endAt: change.until,
    reason: change.reason ?? null,
    setBy: actorLabelFor(actor),
    updatedAt: now,
  };
  await db.batch([
    db.insert(repAway).values(row).onConflictDoUpdate({ target: repAway.repId, set: row }),
    auditInsert(db, actor, now, {
      action: "rep.away_set",
      target: `rep:${repId}`,
      details: { startAt: now, endAt: change.until },
    }),
  ]);
  const teams = await pushToTeams(env, config, repId, { start: now, end: change.until }, now);
  return { row, teams };
}

/** Ends a rep's "I'm out" now (back early); the rep is calibrated on its next eligible lead. */
export async function endAway(
  env: Env,
  db: Database,
  config: RoutingConfig,
  actor: Actor,
  repId: string,
  now: number,
) {
  await db.batch([
    db.delete(repAway).where(eq(repAway.repId, repId)),
    auditInsert(db, actor, now, { action: "rep.away_cleared", target: `rep:${repId}` }),
  ]);
  await pushToTeams(env, config, repId, null, now);
}

function actorLabelFor(actor: Actor): string {
  return actor.kind === "session" ? "rep" : actor.kind === "api_token" ? `api-token:${actor.name}` : "admin";
}

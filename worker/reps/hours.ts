import type { Rep, RoutingConfig } from "../core/config-doc";
import { publishVersion, readActiveConfig, saveDraft } from "../config/store";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "../http/hono-env";

function liveRep(config: RoutingConfig, repId: string) {
  const rep = config.reps.find((r) => r.id === repId);
  if (!rep) throw new AppError(401, "unauthorized", "This rep is no longer in the routing config.");
  return rep;
}

/** The rep's weekly hours as the live config has them, and whether the org lets the rep edit them. */
export async function ownHours(db: Database, repId: string) {
  const active = await readActiveConfig(db);
  if (!active) throw new AppError(503, "no_active_config", "No routing config is published yet.");
  const rep = liveRep(active.config, repId);
  return {
    workingHours: rep.workingHours,
    timezone: rep.timezone,
    editable: active.config.org.repsMayEditHours === true,
  };
}

/**
 * Sets the rep's weekly hours by publishing the live config with only that rep's
 * `workingHours` changed. Hours stay in the one versioned document that slots, working-hours
 * routing and the dashboard already read, so nothing else needs an override, and the
 * version list and audit log show who changed what. Built on the live version read now (not
 * the isolate's cached copy); an admin's unpublished draft is left as it is.
 */
export async function setOwnHours(
  db: Database,
  actor: Actor,
  repId: string,
  workingHours: Rep["workingHours"],
  now: number,
) {
  const active = await readActiveConfig(db);
  if (!active) throw new AppError(503, "no_active_config", "No routing config is published yet.");
  if (active.config.org.repsMayEditHours !== true)
    throw new AppError(403, "forbidden", "Your admin has not allowed reps to edit their own hours.");
  const rep = liveRep(active.config, repId);
  const next: RoutingConfig = {
    ...active.config,
    reps: active.config.reps.map((r) => (r.id === repId ? { ...r, workingHours } : r)),
  };
  const saved = await saveDraft(db, actor, now, next, `${rep.name} changed their working hours`);
  const published = await publishVersion(db, actor, now, saved.version);
  return { version: published.version, workingHours };
}

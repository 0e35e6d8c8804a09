import { LOAD_LOOKBACK_MS } from "../core/routing/eligibility";
import { resolveTarget, type AssignmentTarget } from "../core/routing/target";
import type { RoutingConfig } from "../core/config-doc";
import type { AccountMatch } from "../core/account-match";
import type { normalizeLead } from "../core/lead-facts";
import { leadFacts } from "../lazy";
import type { RoutingDecision } from "../core/routing";
import type { FactValue } from "../core/lead-facts";
import { signalFacts, signalsSince } from "../core/signals";
import { decide, lookupFacts } from "./lead-sources";
import type { ActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import { findAccountMatch } from "../accounts/account-lookup";
import { enrichLead } from "./enrichment";
import { namedRepLoads } from "./named-rep-loads";
import type { LeadRow } from "../leads/lead-queries";
import { assignThroughCache, leadKeys, teamSlice, type AssignResult } from "../team/team-rpc";
import type { Assignment } from "../booking/context";
import { recordRouted, recordUnrouted } from "./record-routing";
import { prefetchBusy, type BusyPrefetch } from "../booking/availability";
import { requestCalendars } from "../booking/event";
import { StageTimings } from "./server-timing";
import { crmLookupFor } from "../crm/intake";
import type { CrmLookupResult } from "../crm/lookup";
import { loadCrm } from "../crm/runtime";

/** Where the request came from, per Cloudflare; used only when the form gives no country. */
export type RequestGeo = { country?: string; region?: string; postalCode?: string };

/** `counted`: a team object chose the rep and counted the lead (not a direct destination). */
type Assigned = { repId: string; teamId: string | null; distribution: unknown; counted: boolean };

function teamOf(config: RoutingConfig, teamId: string, version: number) {
  const team = config.teams.find((t) => t.id === teamId);
  if (!team) throw new Error(`team ${teamId} is not in config ${version}`);
  return team;
}

async function assignTo(
  env: Env,
  active: ActiveConfig,
  lead: LeadRow,
  target: AssignmentTarget,
  now: number,
  facts?: RoutingDecision["trace"]["facts"],
  excludeRepIds: string[] = [],
) {
  if (target.kind === "rep")
    return {
      repId: target.repId,
      teamId: target.teamId,
      distribution: { direct: target.why },
      counted: false,
    };
  const team = teamOf(active.config, target.teamId, active.version);
  const keys = leadKeys(team, facts);
  // The object caches the team's slice per config checksum; it is sent only when missing.
  const result: AssignResult = await assignThroughCache(
    env.TEAM.getByName(target.teamId),
    {
      leadId: lead.id,
      emailNormalized: lead.emailNormalized ?? undefined,
      now,
      requiredSkills: target.kind === "team" ? target.skills : undefined,
      ...(keys ? { lead: keys } : {}),
      ...(excludeRepIds.length ? { excludeRepIds } : {}),
    },
    { configVersion: active.version, checksum: active.checksum },
    () => teamSlice(active.config, team, active.version),
  );
  const distribution = { teamId: target.teamId, why: target.why, ...result };
  if (!result.ok) return { failed: distribution };
  // `counted` also for a dedupe: the object keeps it uncounted on purpose, the rep's other
  // teams count it like D1's count of the rep does (an assignment row).
  return { repId: result.repId, teamId: target.teamId, distribution, counted: true };
}

/** The rule's target, then the rule set's fallback: a lead is never dropped for want of one rep. */
async function assign(
  env: Env,
  db: Database,
  active: ActiveConfig,
  lead: LeadRow,
  decision: RoutingDecision,
  now: number,
  ownerAssignedAt: Record<string, number[]>,
) {
  const { config } = active;
  const attempts: unknown[] = [];
  const account = decision.trace.account;
  const fallback = config.ruleSets.find((s) => s.id === decision.trace.ruleSetId)?.fallback;
  const destinations = [decision.destination];
  if (fallback && decision.ruleId !== "fallback") destinations.push(fallback);
  const facts = decision.trace.facts;
  const check = await namedRepLoads(db, config, destinations, account, facts, now, ownerAssignedAt);
  // A named rep turned away at a cap stays out of the fallback team too: the team's object
  // learns of the rep's direct leads only after the fact (worker/team/outside-loads.ts), so it
  // could hand them the lead their cap just refused.
  const capped: string[] = [];
  for (const destination of destinations) {
    const { target, skipped } = resolveTarget(destination, account, config, facts, check);
    if (skipped) attempts.push({ skipped: { ...skipped, destination: destination.type } });
    if (skipped?.reasons.some((r) => r === "cap_day" || r === "cap_week")) capped.push(skipped.repId);
    if (!target) continue;
    const outcome = await assignTo(env, active, lead, target, now, decision.trace.facts, capped);
    if ("repId" in outcome)
      return { assigned: outcome as Assigned, attempts: [...attempts, outcome.distribution] };
    attempts.push(outcome.failed);
  }
  return { assigned: null, attempts };
}

/** A lead's derived facts and its account: reads only, so intake runs this while it stores the lead. */
export type PreparedLead = {
  base: ReturnType<typeof normalizeLead>;
  account: AccountMatch;
  /** When each loaded account owner was assigned leads recently, for its caps. */
  ownerAssignedAt: Record<string, number[]>;
  /** The matched account's decayed buying signals (`account.signals.*`), if it has any. */
  signalFacts: Record<string, FactValue>;
};

export async function prepareLead(
  db: Database,
  active: ActiveConfig,
  lead: Pick<LeadRow, "fields" | "context" | "formId">,
  geo: RequestGeo,
  now: number,
): Promise<PreparedLead> {
  const { normalizeLead } = await leadFacts();
  const base = normalizeLead(
    { fields: lead.fields, context: lead.context ?? undefined, geo },
    active.config,
    lead.formId,
  );
  const halfLife = active.config.signals?.halfLifeDays ?? 14;
  const { account, ownerAssignedAt, signals } = await findAccountMatch(
    db,
    lookupFacts(lead, base.facts),
    now - LOAD_LOOKBACK_MS,
    signalsSince(now, halfLife),
  );
  return { base, account, ownerAssignedAt, signalFacts: signalFacts(signals, now, halfLife) };
}

type RouteOptions = {
  env: Env;
  db: Database;
  now: number;
  active: ActiveConfig;
  lead: LeadRow;
  geo: RequestGeo;
  /** `prepareLead` already under way (intake starts it alongside the duplicate check). */
  prepared?: Promise<PreparedLead>;
  /** The CRM lookup already under way (intake starts it alongside the duplicate check). */
  crm?: Promise<CrmLookupResult>;
  /**
   * The lead's insert, when it is still under way: routing overlaps it and only the record
   * batch (which updates the lead row) waits for it. Without it the lead is already stored.
   */
  stored?: Promise<unknown>;
  /** Where the side effects are handed off after the answer; without it they run inline. */
  ctx?: { waitUntil(p: Promise<unknown>): void };
  timings?: StageTimings;
};

/** The reps whose busy time the first page of slots will need, when all are on the builtin calendar. */
function prefetchFor(opts: RouteOptions, target: AssignmentTarget | null): BusyPrefetch | undefined {
  const { config } = opts.active;
  const ids =
    target?.kind === "rep"
      ? [target.repId]
      : (config.teams.find((t) => t.id === target?.teamId)?.members.map((m) => m.repId) ?? []);
  const reps = config.reps.filter((r) => ids.includes(r.id) && r.active);
  if (reps.length === 0 || reps.some((r) => r.calendar.provider !== "builtin")) return undefined;
  const calendars = requestCalendars(opts.env, opts.db, config, opts.now);
  return prefetchBusy(
    calendars,
    opts.db,
    reps.map((r) => r.id),
    opts.now,
  );
}

/** Routes a lead that is already stored and records the outcome (see `routeAndRecord`). */
export async function routeStoredLead(opts: RouteOptions): Promise<"routed" | "unrouted"> {
  return (await routeAndRecord(opts)).status;
}

export type Routed =
  | {
      status: "routed";
      assignment: Assignment;
      /** The assignment's team object chose the rep and counted the lead (not a direct one). */
      teamCounted: boolean;
      prefetched?: BusyPrefetch;
      /** D1's bookmark after the record batch: the visitor's next read starts from it. */
      bookmark?: string;
    }
  | { status: "unrouted"; assignment: null };

/**
 * Routes a lead that is already stored, and records the outcome; returns the assignment it
 * wrote, so the answer needs no read-back. Never throws: on any failure the lead is marked
 * `unrouted` with the error, for the repair cron to retry.
 *
 * With `answerFirst` (the submission, which has a request context), the record is written
 * after the answer (ctx.waitUntil): the visitor waits for the team object, not for the D1
 * write after it. Nothing is lost if that hand-off dies: the lead is stored as `received`, the
 * repair cron routes it again and the team object answers with the rep it already chose
 * (worker/intake/record-routing.ts).
 */
export async function routeAndRecord(opts: RouteOptions & { answerFirst?: boolean }): Promise<Routed> {
  const { env, now, active, lead } = opts;
  const timings = opts.timings ?? new StageTimings();
  let routed: Awaited<ReturnType<typeof routeOnly>>;
  try {
    routed = await routeOnly(opts, timings);
    await opts.stored;
  } catch (err) {
    const failed = markUnrouted(opts, err);
    if (opts.answerFirst && opts.ctx) opts.ctx.waitUntil(failed);
    else await failed;
    return { status: "unrouted", assignment: null };
  }
  const record = recordRouted(env, opts.ctx, {
    lead,
    now,
    configVersion: active.version,
    assignment: routed.assignment,
    decision: routed.decision,
    trace: routed.trace,
    teamCounted: routed.teamCounted,
  });
  const done = {
    status: "routed" as const,
    assignment: routed.assignment,
    teamCounted: routed.teamCounted,
    prefetched: routed.prefetched,
  };
  if (opts.answerFirst && opts.ctx) {
    // A failed record leaves the lead `received`: the repair cron routes it again.
    opts.ctx.waitUntil(record.catch((err: unknown) => logRoutingFailure(lead.id, err, "record failed")));
    return done;
  }
  try {
    const { bookmark } = await timings.time("record", record);
    return { ...done, bookmark };
  } catch (err) {
    await markUnrouted(opts, err);
    return { status: "unrouted", assignment: null };
  }
}

function logRoutingFailure(leadId: string, err: unknown, msg = "routing failed; lead kept as unrouted") {
  const error = err instanceof Error ? err.message : String(err);
  console.error(JSON.stringify({ level: "warn", msg, leadId, error }));
  return error;
}

async function markUnrouted(opts: RouteOptions, err: unknown): Promise<void> {
  // The lead row must exist before it can be marked unrouted. When this request's insert
  // failed there is nothing of its own to mark: with an Idempotency-Key the row of that id
  // may be the one another request won the race with, and that request records it.
  const inserted = await (opts.stored ?? Promise.resolve()).then(
    () => true,
    () => false,
  );
  if (!inserted) return;
  const message = logRoutingFailure(opts.lead.id, err);
  await recordUnrouted(opts.db, opts.lead, opts.now, message);
}

/** The decision, the team object's choice and the first page's busy time; writes nothing to D1. */
async function routeOnly(opts: RouteOptions, timings: StageTimings) {
  const { env, db, now, active, lead } = opts;
  const prepared = opts.prepared ?? timings.time("account", prepareLead(db, active, lead, opts.geo, now));
  // Enrichment and the CRM lookup are bounded by their budgets and never throw; they
  // overlap the account lookup.
  const [enrichment, ready, crm] = await Promise.all([
    enrichLead(env, { fields: lead.fields, email: lead.email, geo: opts.geo }),
    prepared,
    opts.crm ?? crmLookupFor(loadCrm(env, db, now), active.config, lead),
  ]);
  const { base, ownerAssignedAt } = ready;
  const facts = { ...base.facts, ...ready.signalFacts, ...enrichment.facts, ...crm.facts };
  const decision = decide(active, lead, facts, ready);
  // The first page's busy time is read while the team object chooses, for its whole team.
  const prefetched = prefetchFor(
    opts,
    resolveTarget(decision.destination, decision.trace.account, active.config, facts).target,
  );
  const { assigned, attempts } = await timings.time(
    "assign",
    assign(env, db, active, lead, decision, now, ownerAssignedAt),
  );
  if (!assigned) throw new Error("no eligible rep at the destination or the fallback");

  const team = assigned.teamId ? active.config.teams.find((t) => t.id === assigned.teamId) : undefined;
  const assignment: Assignment = {
    id: crypto.randomUUID(),
    leadId: lead.id,
    repId: assigned.repId,
    teamId: assigned.teamId,
    ruleId: decision.ruleId,
    assignedAt: now,
    acceptDeadline: team ? now + team.sla.acceptWithinMinutes * 60_000 : null,
    acceptedAt: null,
    status: "active",
    attempt: 0,
    reason: null,
    assignedBy: null,
  };
  return {
    assignment,
    teamCounted: assigned.counted,
    prefetched,
    trace: { routing: decision.trace, distribution: attempts, enrichment: enrichment.notes, crm: crm.note },
    decision: {
      ruleId: decision.ruleId,
      destination: decision.destination as Record<string, unknown>,
      score: decision.trace.score.score,
      tier: decision.trace.score.tier ?? null,
    },
  };
}

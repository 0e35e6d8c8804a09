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
import { database, type Database } from "../db/client";
import { sessionAsBinding } from "../db/d1-session";
import { findAccountMatch } from "../accounts/account-lookup";
import { enrichLead } from "./enrichment";
import { namedRepLoads } from "./named-rep-loads";
import { insertAssignment, insertDecision, setLeadStatus, type LeadRow } from "../leads/lead-queries";
import { assignThroughCache, teamSlice, type AssignResult } from "../team/team-rpc";
import type { Assignment } from "../booking/context";
import type { LeadRoutedEffect } from "../notify/lead-routed";
import { handOff } from "../outbox/dispatch";
import { encodeTrace } from "../leads/trace-codec";
import { outboxEntry } from "../outbox/outbox";
import { prefetchBusy, type BusyPrefetch } from "../booking/availability";
import { requestCalendars } from "../booking/event";
import { StageTimings } from "./server-timing";
import { crmLookupFor } from "../crm/intake";
import type { CrmLookupResult } from "../crm/lookup";
import { loadCrm } from "../crm/runtime";

/** Where the request came from, per Cloudflare; used only when the form gives no country. */
export type RequestGeo = { country?: string; region?: string; postalCode?: string };

type Assigned = { repId: string; teamId: string | null; distribution: unknown };

function sliceOf(config: RoutingConfig, teamId: string, version: number) {
  const team = config.teams.find((t) => t.id === teamId);
  if (!team) throw new Error(`team ${teamId} is not in config ${version}`);
  return teamSlice(config, team, version);
}

async function assignTo(
  env: Env,
  active: ActiveConfig,
  lead: LeadRow,
  target: AssignmentTarget,
  now: number,
  facts?: RoutingDecision["trace"]["facts"],
) {
  if (target.kind === "rep")
    return { repId: target.repId, teamId: target.teamId, distribution: { direct: target.why } };
  // The object caches the team's slice per config checksum; it is sent only when missing.
  const result: AssignResult = await assignThroughCache(
    env.TEAM.getByName(target.teamId),
    {
      leadId: lead.id,
      emailNormalized: lead.emailNormalized ?? undefined,
      now,
      requiredSkills: target.kind === "team" ? target.skills : undefined,
      facts,
    },
    { configVersion: active.version, checksum: active.checksum },
    () => sliceOf(active.config, target.teamId, active.version),
  );
  const distribution = { teamId: target.teamId, why: target.why, ...result };
  return result.ok ? { repId: result.repId, teamId: target.teamId, distribution } : { failed: distribution };
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
  for (const destination of destinations) {
    const { target, skipped } = resolveTarget(destination, account, config, facts, check);
    if (skipped) attempts.push({ skipped: { ...skipped, destination: destination.type } });
    if (!target) continue;
    const outcome = await assignTo(env, active, lead, target, now, decision.trace.facts);
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
      prefetched?: BusyPrefetch;
      /** D1's bookmark after the record batch: the visitor's next read starts from it. */
      bookmark?: string;
    }
  | { status: "unrouted"; assignment: null };

/**
 * Routes a lead that is already stored, and records the outcome; returns the assignment it
 * wrote, so the answer needs no read-back. Never throws: on any failure the lead is marked
 * `unrouted` with the error, for the repair cron to retry.
 */
export async function routeAndRecord(opts: RouteOptions): Promise<Routed> {
  const { env, db, now, active, lead } = opts;
  const timings = opts.timings ?? new StageTimings();
  const prepared = opts.prepared ?? timings.time("account", prepareLead(db, active, lead, opts.geo, now));
  try {
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
    await opts.stored;

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
    // The record batch goes through a session so the answer can carry the write's bookmark
    // (worker/db/d1-session.ts); its first and only query reaches the primary.
    const writes = env.DB.withSession("first-primary");
    const wdb = database(sessionAsBinding(writes));
    // The announcement is written with the assignment, and runs after the answer.
    const announce = outboxEntry(
      wdb,
      {
        kind: "lead.routed",
        leadId: lead.id,
        payload: {
          leadId: lead.id,
          assignment: {
            id: assignment.id,
            repId: assigned.repId,
            teamId: assigned.teamId,
            ruleId: decision.ruleId,
          },
          score: decision.trace.score.score,
          tier: decision.trace.score.tier ?? null,
        } satisfies LeadRoutedEffect,
      },
      now,
    );
    // Stored deflated: the trace is most of what a lead costs in D1 (docs/capacity.md).
    const traceZ = await encodeTrace({
      routing: decision.trace,
      distribution: attempts,
      enrichment: enrichment.notes,
      crm: crm.note,
    });
    const record = wdb.batch([
      insertDecision(wdb, {
        id: crypto.randomUUID(),
        leadId: lead.id,
        decidedAt: now,
        configVersion: active.version,
        ruleId: decision.ruleId,
        destination: decision.destination,
        outcome: "assigned",
        traceZ: Buffer.from(traceZ),
      }),
      insertAssignment(wdb, assignment),
      setLeadStatus(wdb, lead.id, now, {
        status: "routed",
        score: decision.trace.score.score,
        tier: decision.trace.score.tier ?? null,
        configVersion: active.version,
        routingAttempts: lead.routingAttempts + 1,
        lastRoutingError: null,
      }),
      announce.statement,
    ]);
    await timings.time("record", record);
    await handOff(env, opts.ctx, [announce.id], now);
    return { status: "routed", assignment, prefetched, bookmark: writes.getBookmark() ?? undefined };
  } catch (err) {
    // The lead row must exist before it can be marked unrouted.
    await opts.stored?.catch(() => {});
    const message = err instanceof Error ? err.message : String(err);
    console.error(
      JSON.stringify({
        level: "warn",
        msg: "routing failed; lead kept as unrouted",
        leadId: lead.id,
        error: message,
      }),
    );
    await setLeadStatus(db, lead.id, now, {
      status: "unrouted",
      routingAttempts: lead.routingAttempts + 1,
      lastRoutingError: message.slice(0, 500),
    });
    return { status: "unrouted", assignment: null };
  }
}

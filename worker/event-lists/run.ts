/** Routes the next pending rows of an event list: one bounded batch per request. */
import { EVENT_FORM_ID } from "../core/event-lists/rows";
import type { ActiveConfig } from "../config/store";
import type { Database } from "../db/client";
import { newLeadRow, type LeadRow } from "../leads/lead-queries";
import { storeAndRoute } from "../leads/store-and-route";
import type { Routed } from "../intake/route-lead";
import { noteRepLoad } from "../team/outside-loads";
import { recordRows, rowsWith, type ListRow, type RowUpdate, type StoredRow } from "./event-list-queries";
import { knownRows, type Known } from "./known";

type Ctx = { waitUntil(p: Promise<unknown>): void };

function eventLead(list: ListRow, row: StoredRow, key: string, active: ActiveConfig, now: number): LeadRow {
  return newLeadRow(
    {
      formId: EVENT_FORM_ID,
      email: row.fields.email ?? row.emailNormalized,
      emailNormalized: row.emailNormalized,
      fields: { ...row.fields, event: list.name },
      context: {
        source: "event",
        eventList: { id: list.id, name: list.name, row: row.row, ruleSetId: list.ruleSetId },
      },
      configVersion: active.version,
      idempotencyKey: key,
    },
    now,
  );
}

/** A row whose lead already exists: its own (an interrupted run), an earlier upload's, or a merge. */
function fromKnown(row: number, known: Known): RowUpdate {
  const { lead } = known;
  if (known.kind === "own") {
    // Stored but not routed when the earlier run stopped: the repair cron routes it.
    const routed = lead.status !== "received" && lead.status !== "unrouted";
    return { row, outcome: routed ? "routed" : "unrouted", reason: null, leadId: lead.id, repId: lead.repId };
  }
  const reason =
    known.kind === "merged" ? "existing lead with this email" : "routed by an earlier upload of this list";
  return { row, outcome: known.kind, reason, leadId: lead.id, repId: lead.repId };
}

type RunInput = {
  env: Env;
  db: Database;
  active: ActiveConfig;
  list: ListRow;
  limit: number;
  now: number;
  ctx?: Ctx;
};

/**
 * Takes up to `limit` pending rows in file order. A row whose key or email already has a lead
 * makes none; any other row becomes a lead stored first (`insertLeadOnce`: a concurrent run of
 * the same list loses the race and leaves the row to the winner) and routed exactly as a form lead is,
 * so caps, fairness, the SLA and the rep notice apply. Rows are routed one after another so
 * the team objects see them in file order. Outcomes are written together at the end; a batch
 * cut short leaves its rows pending, and the next run finds their leads by key.
 */
export async function runBatch(input: RunInput): Promise<number> {
  const { db, active, list, now } = input;
  const pending = await rowsWith(db, list.id, "pending", input.limit);
  if (pending.length === 0) {
    await recordRows(db, list.id, [], now);
    return 0;
  }
  const { keys, known } = await knownRows(db, list, pending, active.config, now);
  const updates: RowUpdate[] = [];
  for (const row of pending) {
    const seen = known.get(row.row);
    const key = keys.get(row.row);
    if (seen) updates.push(fromKnown(row.row, seen));
    else if (!key)
      updates.push({
        row: row.row,
        outcome: "refused",
        reason: "no email address",
        leadId: null,
        repId: null,
      });
    else {
      const routed = await routeRow(input, row, key);
      if (routed) updates.push(routed);
    }
  }
  await recordRows(db, list.id, updates, now);
  return pending.length;
}

/**
 * The rep's other teams count the row's lead against her caps before the next row is routed:
 * rows go back to back, and the outbox's own note (worker/team/outside-loads.ts) would travel
 * beside them, so a rep in two teams could pass a cap by the rows in between. The outbox's note
 * then finds it stored (one per lead and rep); if this one fails, that one is the retry.
 */
async function noteBeforeNextRow(
  input: RunInput,
  leadId: string,
  routed: Extract<Routed, { status: "routed" }>,
) {
  const { repId, teamId } = routed.assignment;
  const note = { leadId, repId, at: input.now };
  await noteRepLoad(input.env, input.active.config, note, routed.teamCounted ? teamId : null).catch(() => {});
}

/** The row's new lead, routed; null when a concurrent run of the list made it first. */
async function routeRow(input: RunInput, row: StoredRow, key: string): Promise<RowUpdate | null> {
  const { env, db, active, list, now } = input;
  const lead = eventLead(list, row, key, active, now);
  const routed = await storeAndRoute({ env, db, now, active, lead, ctx: input.ctx });
  // Another run of this list (a second tab) stored the lead first: that run records the row.
  if (!routed) return null;
  if (routed.status === "routed") await noteBeforeNextRow(input, lead.id, routed);
  return routed.status === "routed"
    ? { row: row.row, outcome: "routed", reason: null, leadId: lead.id, repId: routed.assignment.repId }
    : {
        row: row.row,
        outcome: "unrouted",
        reason: "no rep could take it yet; the repair job retries",
        leadId: lead.id,
        repId: null,
      };
}

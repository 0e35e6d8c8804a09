import { Hono } from "hono";
import type { Form } from "../core/config-doc";
import { repAnswers } from "../core/forms/answers";
import { loadActiveConfig } from "../config/store";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { acceptAssignment } from "../sla/accept";
import { forwardOutcome } from "../leads/admin-leads";
import { insertOutcome } from "../sla/accept-queries";
import { endAway, getAway, startAway } from "./away";
import {
  RepOutcomeRequest,
  AwayRequest,
  type RepLead,
  type RepLeads,
  type RepMe,
  type RepMeeting,
  type RepMeetings,
} from "./contract";
import { body } from "./public-rep-auth";
import { listRepLeads, listRepMeetings, repAssignment, type RepMeetingRow } from "./rep-queries";
import { repAuth, repIdOf } from "./session";
import { whyMe } from "./why";
import { loadLeadArchive, loadTrace, newestArchivedTrace } from "../archive/archive-store";

const PRIVATE = { "Cache-Control": "private, no-store" };

function parseFields(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** Who the lead is, as the rep sees it: the notice's fields and the answers its form shows reps. */
function person(fields: Record<string, unknown>, email: string | null, form: Form | undefined) {
  const name = [str(fields.first_name), str(fields.last_name)].filter(Boolean).join(" ") || str(fields.name);
  return { name, email, company: str(fields.company), answers: repAnswers(form, fields) };
}

async function liveConfig(env: Env) {
  const active = await loadActiveConfig(database(env.DB));
  if (!active) throw new AppError(503, "no_active_config", "No routing config is published yet.");
  return active.config;
}

/** The rep workspace's API: one rep's own data, by session cookie or rep token. */
export const repApi = new Hono<AppEnv>()
  .use("/rep/me", repAuth)
  .use("/rep/me/*", repAuth)
  .use("/rep/leads", repAuth)
  .use("/rep/leads/*", repAuth)
  .use("/rep/meetings", repAuth)
  .use("/rep/away", repAuth)
  .get("/rep/me", async (c) => {
    const repId = repIdOf(c.get("actor"));
    const rep = (await liveConfig(c.env)).reps.find((r) => r.id === repId);
    if (!rep) throw new AppError(401, "unauthorized", "This rep is no longer in the routing config.");
    const away = await getAway(database(c.env.DB), repId);
    const me: RepMe = {
      rep: { id: rep.id, name: rep.name, email: rep.email, timezone: rep.timezone },
      away: away && away.endAt > c.get("now") ? away : null,
    };
    return c.json(me, 200, PRIVATE);
  })
  .get("/rep/leads", async (c) => {
    const repId = repIdOf(c.get("actor"));
    const config = await liveConfig(c.env);
    const rows = await listRepLeads(c.env.DB, repId);
    const traces = await Promise.all(
      rows.map(async (r) =>
        // An archived lead's decisions moved into its R2 object (worker/archive/lead-archive.ts).
        r.decision_id === null && (r.lead_archived_at ?? 0) > 0
          ? newestArchivedTrace(
              c.env.ARCHIVE,
              await loadLeadArchive(c.env.ARCHIVE, {
                id: r.lead_id,
                archivedAt: r.lead_archived_at,
                erasedAt: null,
              }),
              r.lead_id,
            )
          : loadTrace(c.env.ARCHIVE, {
              id: r.decision_id ?? "",
              leadId: r.lead_id,
              trace: r.trace,
              traceZ: r.trace_z,
              archivedAt: r.archived_at,
            }),
      ),
    );
    const leads = rows.map((r, i): RepLead => {
      const fields = parseFields(r.fields);
      const form = config.forms.find((f) => f.id === r.form_id);
      return {
        leadId: r.lead_id,
        assignmentId: r.assignment_id,
        ...person(fields, r.email, form),
        score: r.score,
        tier: r.tier,
        status: r.status,
        assignedAt: r.assigned_at,
        acceptDeadline: r.accept_deadline,
        acceptedAt: r.accepted_at,
        why: whyMe(repId, traces[i], {
          ruleId: r.rule_id,
          reason: r.reason,
          assignedBy: r.assigned_by,
        }),
      };
    });
    const answer: RepLeads = { leads, now: c.get("now") };
    return c.json(answer, 200, PRIVATE);
  })
  .post("/rep/leads/:leadId/accept", async (c) => {
    const repId = repIdOf(c.get("actor"));
    const now = c.get("now");
    const mine = await repAssignment(c.env.DB, repId, c.req.param("leadId"));
    // Another rep's lead and a lead that does not exist answer alike: no probing of lead ids.
    if (!mine) throw new AppError(403, "forbidden", "This lead is not assigned to you.");
    const result = await acceptAssignment(database(c.env.DB), mine.id, now);
    if (!result.ok) throw new AppError(409, "conflict", "The lead has moved on.");
    return c.json({
      acceptedAt: result.assignment.acceptedAt ?? now,
      alreadyAccepted: result.alreadyAccepted,
    });
  })
  .post("/rep/leads/:leadId/outcomes", async (c) => {
    const repId = repIdOf(c.get("actor"));
    const now = c.get("now");
    const leadId = c.req.param("leadId");
    const { kind } = await body(c.req.raw, RepOutcomeRequest);
    const mine = await repAssignment(c.env.DB, repId, leadId);
    if (!mine) throw new AppError(403, "forbidden", "This lead is not assigned to you.");
    const db = database(c.env.DB);
    // A first touch stops the SLA clock, as the admin API's `contacted` does.
    if (kind === "contacted" && mine.status === "active") await acceptAssignment(db, mine.id, now);
    const id = crypto.randomUUID();
    await insertOutcome(db, { id, leadId, repId, kind, at: now, recordedAt: now, details: null });
    if (mine.team_id) await forwardOutcome(c.env, mine.team_id, { leadId, kind, repId });
    return c.json({ id, kind }, 201);
  })
  .get("/rep/meetings", async (c) => {
    const repId = repIdOf(c.get("actor"));
    const now = c.get("now");
    const config = await liveConfig(c.env);
    const [upcoming, past] = await Promise.all([
      listRepMeetings(c.env.DB, repId, now, "upcoming"),
      listRepMeetings(c.env.DB, repId, now, "past"),
    ]);
    const shape = (r: RepMeetingRow): RepMeeting => {
      const form = config.forms.find((f) => f.id === r.form_id);
      return {
        bookingId: r.booking_id,
        leadId: r.lead_id,
        start: r.start_at,
        end: r.end_at,
        status: r.status,
        ...person(parseFields(r.fields), r.email, form),
      };
    };
    const answer: RepMeetings = { upcoming: upcoming.map(shape), past: past.map(shape) };
    return c.json(answer, 200, PRIVATE);
  })
  .put("/rep/away", async (c) => {
    const repId = repIdOf(c.get("actor"));
    const change = await body(c.req.raw, AwayRequest);
    const until = typeof change.until === "number" ? change.until : Date.parse(change.until);
    const db = database(c.env.DB);
    const { row, teams } = await startAway(
      c.env,
      db,
      await liveConfig(c.env),
      c.get("actor"),
      repId,
      {
        until,
        ...(change.reason ? { reason: change.reason } : {}),
      },
      c.get("now"),
    );
    return c.json({ away: row, teams }, 200);
  })
  .delete("/rep/away", async (c) => {
    const repId = repIdOf(c.get("actor"));
    await endAway(c.env, database(c.env.DB), await liveConfig(c.env), c.get("actor"), repId, c.get("now"));
    return c.body(null, 204);
  });

import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { loadActiveConfig } from "../config/store";
import { auditInsert } from "../audit/audit-queries";
import { database } from "../db/client";
import * as log from "./delivery-queries";
import { archivedLog } from "../archive/archived-log";
import { currentAssignment, getLead } from "../leads/lead-queries";
import { getSubscription, getWebhookMessage, refuseExpired } from "./webhook-queries";
import { AppError } from "../errors";
import { crmRedelivery } from "../crm/redeliver";
import { acceptUrl } from "./accept-link";
import { enqueueNotifications } from "./outbound";
import { leadSummary, noticeMessages, type RepNotice } from "./rep-notice";
import { parseTeamModelId, teamModelMessage } from "./team-model-channel";
import { webhookQueueMessage } from "./webhook-fanout";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { decodeCursor, encodeCursor, TimeKeyCursor } from "../http/paging";
import { summarize } from "./delivery-summary";
import { DeliveriesPageSchema, DeliveriesQuery, DeliveryIdParam, RedeliveredSchema } from "./contract";

const listRoute = createRoute({
  method: "get",
  path: "/deliveries",
  summary: "The delivery log: rep notifications and webhook messages, newest first",
  security: adminSecurity,
  ...access("admin"),
  request: {
    query: DeliveriesQuery,
  },
  responses: {
    200: jsonResponse(DeliveriesPageSchema, "A page"),
    422: errorResponse("Invalid filter or cursor"),
    ...adminErrors,
  },
});

const redeliverRoute = createRoute({
  method: "post",
  path: "/deliveries/{id}/redeliver",
  summary: "Queue a delivery again (webhooks: same id and body; notifications: rebuilt from the lead)",
  security: adminSecurity,
  ...access("admin"),
  request: {
    params: DeliveryIdParam,
  },
  responses: {
    202: jsonResponse(RedeliveredSchema, "Queued"),
    404: errorResponse("No such delivery"),
    409: errorResponse(
      "This delivery cannot be sent again (endpoint deleted, rep gone, a calendar invite, or a webhook body past its redelivery window)",
    ),
    ...adminErrors,
  },
});

/**
 * Rebuilds a rep notice from the lead as stored now, under the same message id. The lead comes
 * from the delivery's lead_id column; the id only says which notice (kind, rep) to rebuild.
 */
async function noticeAgain(env: Env, now: number, id: string, leadId: string | null) {
  const crm = await crmRedelivery(database(env.DB), id, now);
  if (crm) return crm;
  const forward = parseTeamModelId(id);
  const parsed = log.parseNoticeId(id);
  if (!leadId || !(forward || parsed))
    throw new AppError(409, "conflict", "Calendar invites are re-sent by rescheduling, not from the log.");
  const db = database(env.DB);
  if (forward) {
    const current = await currentAssignment(db, leadId);
    if (!current?.teamId) throw new AppError(409, "conflict", "The lead has no team assignment any more.");
    return teamModelMessage(current.teamId, { leadId, kind: forward.kind, repId: current.repId });
  }
  if (!parsed) throw new AppError(409, "conflict", "This delivery cannot be rebuilt.");
  const [lead, active, current] = await Promise.all([
    getLead(db, leadId),
    loadActiveConfig(db),
    currentAssignment(db, leadId),
  ]);
  const rep = active?.config.reps.find((r) => r.id === parsed.repId);
  if (!lead || !rep) throw new AppError(409, "conflict", "The lead or the rep no longer exists.");
  const notice: RepNotice = {
    kind: parsed.kind as RepNotice["kind"],
    rep,
    lead: leadSummary(lead, active?.config),
    why: current?.ruleId ? `matched rule "${current.ruleId}" (sent again)` : "sent again by an admin",
    // The shared channels' messages carry the same ids, so they are rebuilt too.
    teamId: current?.teamId,
    channels: active?.config,
    acceptUrl:
      current?.repId === rep.id && current.status === "active"
        ? await acceptUrl(env, current.id, now)
        : undefined,
  };
  const message = noticeMessages(notice).find((m) => m.id === id);
  if (!message) throw new AppError(409, "conflict", "The rep no longer receives this channel.");
  return message;
}

/** The unified delivery log with redelivery. */
export const adminDeliveries = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const cursor = decodeCursor(q.cursor, TimeKeyCursor);
    const filter = { ...q, cursor };
    // An archived lead's deliveries are in its R2 object (worker/archive), merged with any since.
    const archived = await archivedLog(c.env.DB, c.env.ARCHIVE, filter);
    const { anchors, more } = await log.listDeliveryAnchors(c.env.DB, filter, archived.anchors);
    const fromArchive = new Set(archived.anchors.map((a) => a.id));
    const attempts = [
      ...archived.attempts,
      ...(await log.attemptsOf(
        c.env.DB,
        anchors.filter((a) => !fromArchive.has(a.id)).map((a) => a.id),
      )),
    ];
    const deliveries = anchors.map((a) =>
      summarize(
        a,
        attempts.filter((t) => t.messageId === a.id),
      ),
    );
    const last = anchors[anchors.length - 1];
    const nextCursor = more && last ? encodeCursor({ t: last.createdAt, id: last.id }) : null;
    return c.json({ deliveries, nextCursor }, 200);
  })
  .openapi(redeliverRoute, async (c) => {
    const { id } = c.req.valid("param");
    const db = database(c.env.DB);
    const now = c.get("now");
    const message = await getWebhookMessage(db, id);
    let kind: "webhook" | "notification";
    if (message) {
      const sub = await getSubscription(db, message.subscriptionId);
      if (!sub || sub.disabledAt !== null)
        throw new AppError(409, "conflict", "The webhook endpoint was deleted.");
      refuseExpired(message);
      await enqueueNotifications(c.env, [webhookQueueMessage({ ...message, url: sub.url })]);
      kind = "webhook";
    } else {
      const [first] = await log.attemptsOf(c.env.DB, [id]);
      if (!first) throw new AppError(404, "not_found", "No such delivery.");
      await enqueueNotifications(c.env, [await noticeAgain(c.env, now, id, first.leadId)]);
      kind = "notification";
    }
    await auditInsert(db, c.get("actor"), now, {
      action: "delivery.redelivered",
      target: `delivery:${id}`,
      details: { kind },
    });
    return c.json({ queued: true as const, kind }, 202);
  });

/**
 * One delivery log over both outbound paths: rep notifications (Slack, email, invites), whose
 * attempts are rows of `notification_deliveries`, and webhook messages (`webhook_messages`),
 * whose attempts are rows there too under the message id. A delivery is one message id.
 */
export type DeliveryKind = "notification" | "webhook";

export type DeliveryAnchor = {
  id: string;
  kind: DeliveryKind;
  channel: string;
  event: string;
  target: string | null;
  createdAt: number;
  /** The lead and booking the delivery is about (columns of both tables). */
  leadId: string | null;
  bookingId: string | null;
};

export type AttemptRow = {
  messageId: string;
  leadId: string | null;
  status: string;
  attempt: number;
  error: string | null;
  responseStatus: number | null;
  createdAt: number;
};

export type DeliveryFilter = {
  kind?: DeliveryKind;
  status?: string;
  leadId?: string;
  limit: number;
  cursor?: { t: number; id: string };
};

const LATEST_STATUS = (col: string) =>
  `(SELECT x.status FROM notification_deliveries x WHERE x.message_id = ${col}
     ORDER BY x.created_at DESC, x.attempt DESC LIMIT 1)`;

function keyset(t: string, id: string, f: DeliveryFilter) {
  if (!f.cursor) return { sql: "", binds: [] as unknown[] };
  return {
    sql: ` AND (${t} < ? OR (${t} = ? AND ${id} < ?))`,
    binds: [f.cursor.t, f.cursor.t, f.cursor.id],
  };
}

/** A page of notification deliveries, anchored on each message's first attempt row. */
function notificationPage(d1: D1Database, f: DeliveryFilter) {
  const k = keyset("d.created_at", "d.message_id", f);
  return d1
    .prepare(
      `SELECT d.message_id AS id, 'notification' AS kind, d.channel, d.event_type AS event, d.target,
          d.created_at AS createdAt, d.lead_id AS leadId, d.booking_id AS bookingId
       FROM notification_deliveries d
       WHERE d.channel != 'webhook'
         AND NOT EXISTS (SELECT 1 FROM notification_deliveries e WHERE e.message_id = d.message_id
               AND (e.created_at < d.created_at OR (e.created_at = d.created_at AND e.id < d.id)))
         ${f.status ? `AND ${LATEST_STATUS("d.message_id")} = ?` : ""}
         ${f.leadId ? "AND d.lead_id = ?" : ""}${k.sql}
       ORDER BY d.created_at DESC, d.message_id DESC LIMIT ?`,
    )
    .bind(...(f.status ? [f.status] : []), ...(f.leadId ? [f.leadId] : []), ...k.binds, f.limit + 1);
}

function webhookPage(d1: D1Database, f: DeliveryFilter) {
  const k = keyset("m.created_at", "m.id", f);
  return d1
    .prepare(
      `SELECT m.id, 'webhook' AS kind, 'webhook' AS channel, m.event_type AS event, s.url AS target,
          m.created_at AS createdAt, m.lead_id AS leadId, m.booking_id AS bookingId
       FROM webhook_messages m JOIN webhook_subscriptions s ON s.id = m.subscription_id
       WHERE 1 ${f.status ? `AND coalesce(${LATEST_STATUS("m.id")}, 'pending') = ?` : ""}
         ${f.leadId ? "AND m.lead_id = ?" : ""}${k.sql}
       ORDER BY m.created_at DESC, m.id DESC LIMIT ?`,
    )
    .bind(...(f.status ? [f.status] : []), ...(f.leadId ? [f.leadId] : []), ...k.binds, f.limit + 1);
}

/**
 * Newest first across both kinds; `more` says whether another page exists. `extra` are anchors
 * from elsewhere already filtered the same way (an archived lead's log, archive/archived-log.ts).
 */
export async function listDeliveryAnchors(
  d1: D1Database,
  f: DeliveryFilter,
  extra: readonly DeliveryAnchor[] = [],
): Promise<{ anchors: DeliveryAnchor[]; more: boolean }> {
  const statements = [
    ...(f.kind !== "webhook" ? [notificationPage(d1, f)] : []),
    ...(f.kind !== "notification" ? [webhookPage(d1, f)] : []),
  ];
  const results = await d1.batch<DeliveryAnchor>(statements);
  const merged = [...results.flatMap((r) => r.results), ...extra].toSorted(
    (a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  return { anchors: merged.slice(0, f.limit), more: merged.length > f.limit };
}

/** Every attempt of these messages, oldest first. */
export async function attemptsOf(d1: D1Database, messageIds: readonly string[]): Promise<AttemptRow[]> {
  const out: AttemptRow[] = [];
  for (let i = 0; i < messageIds.length; i += 90) {
    const part = messageIds.slice(i, i + 90);
    const { results } = await d1
      .prepare(
        `SELECT message_id AS messageId, lead_id AS leadId, status, attempt, error,
            response_status AS responseStatus, created_at AS createdAt
         FROM notification_deliveries WHERE message_id IN (${part.map(() => "?").join(",")})
         ORDER BY created_at, attempt`,
      )
      .bind(...part)
      .all<AttemptRow>();
    out.push(...results);
  }
  return out;
}

/**
 * What a rep notice's id says about how to rebuild it for redelivery:
 * `slack|teams|email:<leadId>:<kind>:<repId>`, then a booking id and/or a shared channel's
 * `team:<id>` or `org:<id>` (see `noticeMessages`). Only redelivery reads it; whose delivery it
 * is comes from the lead_id column.
 */
export function parseNoticeId(id: string): { channel: string; kind: string; repId: string } | null {
  const m = /^(slack|teams|email):[^:]+:([a-z_]+):([^:]+)(?::.+)?$/.exec(id);
  return m ? { channel: m[1]!, kind: m[2]!, repId: m[3]! } : null;
}

/**
 * Where a delivery went, reduced to a host (or a rep id): stored targets are already free of
 * secrets, but the dashboard shows only enough to tell endpoints apart.
 */
export function redactTarget(target: string | null): string | null {
  if (!target) return null;
  const url = target.split(/\s+/).find((part) => part.includes("://"));
  if (url) {
    try {
      return new URL(url).host;
    } catch {
      return null;
    }
  }
  const at = target.lastIndexOf("@");
  if (at >= 0) return target.slice(at + 1).split(/\s/)[0] ?? null;
  const rep = /rep:([a-z0-9_-]+)/.exec(target);
  return rep ? `rep:${rep[1]}` : null;
}

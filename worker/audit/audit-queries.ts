import type { Actor } from "../http/hono-env";
import type { Database } from "../db/client";
import { auditLog } from "../db/schema";
import { desc, lt } from "drizzle-orm";

export type AuditEntry = {
  action: string;
  target?: string;
  details?: Record<string, unknown>;
};

/** How an actor is written in the audit log: never the token, only which one. */
export function actorLabel(actor: Actor): string {
  if (actor.kind === "bootstrap") return "admin-token";
  if (actor.kind === "session") return `session:${actor.role}:${actor.repId ?? "-"}`;
  return `api-token:${actor.tokenId}:${actor.name}`;
}

/** An insert to put in the same `db.batch()` as the change it records, so neither lands alone. */
export function auditInsert(db: Database, actor: Actor, now: number, entry: AuditEntry) {
  return db.insert(auditLog).values({
    id: crypto.randomUUID(),
    at: now,
    actor: actorLabel(actor),
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? null,
  });
}

/** Newest first; `before` is the `at` of the last entry of the previous page. */
export async function listAudit(db: Database, limit: number, before?: number) {
  return db
    .select()
    .from(auditLog)
    .where(before === undefined ? undefined : lt(auditLog.at, before))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

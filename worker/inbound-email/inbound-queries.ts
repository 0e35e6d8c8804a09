import { desc } from "drizzle-orm";
import type { Database } from "../db/client";
import { inboundEmails } from "../db/schema";

export type InboundEmailRow = typeof inboundEmails.$inferInsert;

export function insertInboundEmail(db: Database, row: InboundEmailRow) {
  return db.insert(inboundEmails).values(row);
}

/** The newest records first, for the admin's "what happened to that email". */
export function listInboundEmails(db: Database, limit: number) {
  return db.select().from(inboundEmails).orderBy(desc(inboundEmails.receivedAt)).limit(limit);
}

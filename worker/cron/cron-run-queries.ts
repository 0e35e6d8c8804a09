import { desc, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { cronRuns } from "../db/schema";

export function insertCronRun(db: Database, row: typeof cronRuns.$inferInsert) {
  return db.insert(cronRuns).values(row);
}

export async function lastCronRun(db: Database) {
  const [row] = await db.select().from(cronRuns).orderBy(desc(cronRuns.startedAt)).limit(1);
  return row ?? null;
}

export async function deleteCronRunsBefore(db: Database, before: number): Promise<number> {
  const result = await db.delete(cronRuns).where(lt(cronRuns.startedAt, before));
  return result.meta.changes ?? 0;
}

import type { Database } from "../db/client";
import { deleteCronRunsBefore } from "./cron-run-queries";
import { slaSweep } from "../sla/sweep";
import { retryCalendarEvents } from "../booking/calendar-retry";
import { repairRouting } from "./repair-routing";
import { retention } from "./retention";
import { followUpJob } from "../followup/not-booked";
import { pruneOutbox, sweepOutbox } from "../outbox/dispatch";
import { crmSyncJob } from "../crm/cron";
import { compactHistory } from "../capacity/compact";
import { archiveJob } from "../archive/archive-job";

/** A unit of periodic work. It gets the instant the sweep started, never reads the clock. */
export type CronJob = {
  name: string;
  run: (ctx: { db: Database; env: Env; now: number }) => Promise<Record<string, unknown>>;
};

const DAY_MS = 86_400_000;
/** Run history is for operators checking that the cron is alive, not an archive. */
export const CRON_RUN_RETENTION_MS = 7 * DAY_MS;

export const pruneCronRuns: CronJob = {
  name: "prune-cron-runs",
  run: async ({ db, now }) => ({ deleted: await deleteCronRunsBefore(db, now - CRON_RUN_RETENTION_MS) }),
};

/** Every job the minute cron runs, in order. SLA and retention jobs join this list. */
export const cronJobs: readonly CronJob[] = [
  repairRouting,
  slaSweep,
  retryCalendarEvents,
  followUpJob,
  sweepOutbox,
  pruneOutbox,
  compactHistory,
  pruneCronRuns,
  retention,
  crmSyncJob,
  archiveJob,
];

import { loadActiveConfig } from "../config/store";
import { leadsDueForRetention } from "../privacy/privacy-queries";
import { eraseLeadData } from "../privacy/erase";
import type { CronJob } from "./jobs";

const DAY_MS = 86_400_000;
/** Leads erased per run: bounded so one minute's run stays well inside the cron's budget. */
export const RETENTION_BATCH = 100;

/**
 * Erases the personal data of leads older than `privacy.retentionDays`, oldest first. Each
 * run takes the next batch of leads not yet erased (`erased_at IS NULL`, indexed), so a
 * backlog resumes where the last run stopped and a failed run is simply redone.
 */
export const retention: CronJob = {
  name: "retention",
  run: async ({ db, env, now }) => {
    const active = await loadActiveConfig(db);
    const days = active?.config.privacy?.retentionDays;
    if (!active || !days) return { skipped: "no retention configured" };
    const due = await leadsDueForRetention(env.DB, now - days * DAY_MS, RETENTION_BATCH);
    const erased = await eraseLeadData(env, active.config, due, now);
    return {
      due: due.length,
      erased: erased.leads,
      teamRecords: erased.teamRecords,
      more: due.length === RETENTION_BATCH,
    };
  },
};

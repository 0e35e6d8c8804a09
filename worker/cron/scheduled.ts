import { database } from "../db/client";
import { insertCronRun } from "./cron-run-queries";
import { cronJobs, type CronJob } from "./jobs";

export type CronRunResult = { job: string; status: "ok" | "failed"; detail: Record<string, unknown> };

/**
 * Runs each job in isolation: one job's failure is recorded and logged but never stops the
 * others, so a broken repair job cannot starve the SLA sweep.
 */
export async function runCronJobs(
  env: Env,
  now: number,
  jobs: readonly CronJob[] = cronJobs,
): Promise<CronRunResult[]> {
  const db = database(env.DB);
  const results: CronRunResult[] = [];
  for (const job of jobs) {
    let result: CronRunResult;
    try {
      result = { job: job.name, status: "ok", detail: await job.run({ db, env, now }) };
    } catch (err) {
      console.error(
        JSON.stringify({ level: "error", msg: "cron job failed", job: job.name, error: String(err) }),
      );
      result = {
        job: job.name,
        status: "failed",
        detail: { error: err instanceof Error ? err.message : String(err) },
      };
    }
    results.push(result);
    await insertCronRun(db, {
      id: crypto.randomUUID(),
      job: job.name,
      startedAt: now,
      finishedAt: Date.now(),
      status: result.status,
      detail: result.detail,
    });
  }
  return results;
}

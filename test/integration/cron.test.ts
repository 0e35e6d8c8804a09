import { createScheduledController } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CRON_RUN_RETENTION_MS } from "../../worker/cron/jobs";
import { runCronJobs } from "../../worker/cron/scheduled";
import worker from "../../worker/index";
import { captureLogs } from "./capture-logs";
import { admin, call } from "./helpers";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe("cron", () => {
  it("runs the scheduled handler and records each job run", async () => {
    const controller = createScheduledController({ scheduledTime: NOW, cron: "* * * * *" });
    await worker.scheduled(controller, env);
    const row = await env.DB.prepare(
      "SELECT job, status, started_at FROM cron_runs WHERE started_at = ? AND job = 'prune-cron-runs'",
    )
      .bind(NOW)
      .first();
    expect(row).toMatchObject({ job: "prune-cron-runs", status: "ok", started_at: NOW });
    const health = await exports.default.fetch("https://baton.test/health").then((r) => r.json<any>());
    expect(health.lastCronAt).not.toBeNull();
  });

  it("prunes run history older than the retention window", async () => {
    const old = NOW - CRON_RUN_RETENTION_MS - 1;
    await env.DB.prepare("INSERT INTO cron_runs (id, job, started_at, status) VALUES ('old', 'x', ?, 'ok')")
      .bind(old)
      .run();
    const results = await runCronJobs(env, NOW);
    const result = results.find((r) => r.job === "prune-cron-runs");
    expect(result?.detail.deleted).toBeGreaterThanOrEqual(1);
    expect(await env.DB.prepare("SELECT 1 FROM cron_runs WHERE id = 'old'").first()).toBeNull();
  });

  it("keeps running the other jobs when one fails, and records the failure", async () => {
    const ran: string[] = [];
    const logged = captureLogs("error");
    const results = await runCronJobs(env, NOW + 1, [
      {
        name: "broken",
        run: async () => {
          throw new Error("boom");
        },
      },
      {
        name: "after",
        run: async () => {
          ran.push("after");
          return {};
        },
      },
    ]);
    expect(results.map((r) => [r.job, r.status])).toEqual([
      ["broken", "failed"],
      ["after", "ok"],
    ]);
    expect(ran).toEqual(["after"]);
    expect(logged()).toEqual([expect.objectContaining({ msg: "cron job failed", job: "broken" })]);
    const failed = await env.DB.prepare("SELECT detail FROM cron_runs WHERE job = 'broken'").first<{
      detail: string;
    }>();
    expect(JSON.parse(failed!.detail)).toEqual({ error: "boom" });
  });

  it("runs every job on demand through the admin API, for operators and npm start", async () => {
    expect((await call("/v1/admin/cron/run", { method: "POST" })).status).toBe(401);
    const res = await admin("/v1/admin/cron/run", { method: "POST" });
    expect(res.status).toBe(200);
    const { results } = await res.json<{ results: { job: string; status: string }[] }>();
    expect(results.map((r) => r.job)).toEqual([
      "repair-routing",
      "sla-sweep",
      "retry-calendar-events",
      "follow-up-not-booked",
      "sweep-outbox",
      "prune-outbox",
      "compact-history",
      "prune-cron-runs",
      "retention",
      "crm-sync",
      "archive",
    ]);
  });
});

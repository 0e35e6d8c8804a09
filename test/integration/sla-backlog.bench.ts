/**
 * SLA sweep backlog benchmark, run inside workerd against D1 and the team object:
 *   npm exec -- vitest run --config <config including this file> --project workers test/integration/sla-backlog.bench.ts
 * 10,000 assignments are overdue at once; the minute cron drains them 50 per run. Printed:
 * runs needed, rows per run, and wall time per run (workerd's clock advances on I/O only,
 * so this is I/O plus CPU: an upper bound on the CPU time Cloudflare bills and limits).
 */
import { env } from "cloudflare:workers";
import { beforeAll, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { SLA_SWEEP_BATCH, sweepSla } from "../../worker/sla/sweep";
import { publish, slaConfig, SDRS } from "./sla-fixtures";

const BACKLOG = 10_000;
const T0 = Date.UTC(2026, 11, 1, 15, 0);

beforeAll(async () => {
  await publish(slaConfig({ workingTime: false, maxReassignments: 3 }));
  const reps = SDRS.map((id, i) => `WHEN ${i} THEN '${id}'`).join(" ");
  await env.DB.batch([
    env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO leads (id, created_at, form_id, fields, status, updated_at, routing_attempts)
       SELECT 'bench-' || i, ?2, 'demo', '{"first_name":"Bench"}', 'routed', ?2, 1 FROM n`,
    ).bind(BACKLOG, T0 - 3_600_000),
    env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO assignments (id, lead_id, rep_id, team_id, assigned_at, accept_deadline, status, attempt)
       SELECT 'bench-a-' || i, 'bench-' || i, CASE i % 5 ${reps} END, 'sdr-na', ?2, ?2 + (i % 600) * 1000, 'active', 0 FROM n`,
    ).bind(BACKLOG, T0 - 3_600_000),
  ]);
});

it(`drains ${BACKLOG} overdue assignments ${SLA_SWEEP_BATCH} per run`, async () => {
  const db = database(env.DB);
  const perRun: number[] = [];
  const times: number[] = [];
  for (let run = 0; run < 1000; run++) {
    const started = Date.now();
    const result = (await sweepSla(env, db, T0)) as { due: number; reassigned?: number };
    times.push(Date.now() - started);
    if (result.due === 0) break;
    perRun.push(result.due);
    expect(result.reassigned).toBe(result.due);
  }
  const sorted = times.toSorted((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify({
      backlog: BACKLOG,
      batch: SLA_SWEEP_BATCH,
      runs: perRun.length,
      maxPerRun: Math.max(...perRun),
      msPerRun: {
        median: sorted[Math.floor(sorted.length / 2)],
        p95: sorted[Math.floor(sorted.length * 0.95)],
        max: sorted.at(-1),
      },
      totalMs: total,
    }),
  );
  expect(perRun.reduce((a, b) => a + b, 0)).toBe(BACKLOG);
  const { n } = (await env.DB.prepare(
    "SELECT count(*) AS n FROM assignments WHERE status = 'reassigned' AND id LIKE 'bench-a-%'",
  ).first<{ n: number }>())!;
  expect(n).toBe(BACKLOG);
});

/**
 * The backtest route end to end over 50,000 stored leads: D1 read, both configs replayed, JSON out.
 *
 *   npm run bench:backtest [-- leads=50000 runs=5]
 *
 * Starts a real local Baton (`startBaton`: migrated D1, seeded demo org, `wrangler dev`), stores
 * the leads with one recursive-CTE INSERT through `wrangler d1 execute --local` (as
 * test/integration/admin-backtest.test.ts does in workerd), saves a draft that moves a threshold,
 * then times `POST /v1/admin/config/versions/:v/backtest`. Prints each run's wall time and the
 * route's Server-Timing split (`read`: configs, leads and accounts from D1; `core`: the replay),
 * then the medians.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { demoConfig } from "../../scripts/demo/config";
import { startBaton } from "../e2e/server";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split("=") as [string, string]));
const LEADS = Number(args.leads ?? 50_000);
const RUNS = Number(args.runs ?? 5);
const WRANGLER = path.resolve(import.meta.dirname, "../../node_modules/wrangler/bin/wrangler.js");

/** LEADS demo-form leads: 7 countries, 6 size bands, 5 email domains, one in 50 spam. */
function seedSql(): string {
  const json = (v: unknown) => `'${JSON.stringify(v)}'`;
  const countries = json(["US", "GB", "DE", "FR", "JP", "AE", "BR"]);
  const bands = json(["1-49", "50-199", "200-499", "500-999", "1000-4999", "5000+"]);
  const domains = json(["acme.com", "initech.io", "gmail.com", "hooli.co.uk", "umbrella.de"]);
  const t0 = Date.UTC(2026, 0, 1);
  return `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${LEADS - 1})
    INSERT INTO leads (id, created_at, form_id, email, email_normalized, fields, context, status, updated_at)
    SELECT printf('bt-%06d', i), ${t0} + i * 1000, 'demo', e, e,
      json_object('email', e, 'first_name', 'Lead', 'last_name', i, 'company', 'Company ' || (i % 300),
        'country', json_extract(${countries}, '$[' || (i % 7) || ']'),
        'employees', json_extract(${bands}, '$[' || ((i / 7) % 6) || ']')),
      json_object('utm', json_object('medium', CASE WHEN i % 3 = 0 THEN 'cpc' ELSE 'email' END)),
      CASE WHEN i % 50 = 49 THEN 'spam' ELSE 'routed' END, ${t0} + i * 1000
    FROM (SELECT i, printf('lead%d@%s', i, json_extract(${domains}, '$[' || ((i / 42) % 5) || ']')) AS e FROM n)`;
}

function d1Execute(stateDir: string, sql: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [WRANGLER, "d1", "execute", "baton", "--local", "--persist-to", stateDir, "--command", sql],
    { env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" }, stdio: "pipe" },
  );
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c));
  child.stderr.on("data", (c: Buffer) => (out += c));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`d1 execute: ${code}\n${out}`)))),
  );
}

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const timing = (header: string | null, name: string) =>
  Number(new RegExp(`${name};dur=([\\d.]+)`).exec(header ?? "")?.[1] ?? NaN);

const baton = await startBaton();
try {
  await d1Execute(baton.stateDir, seedSql());
  const draftDoc = structuredClone(demoConfig) as any;
  draftDoc.ruleSets[0].rules.find((r: any) => r.id === "emea-enterprise").when.all[1].value = 1000;
  const { version } = await baton.admin("POST", "/v1/admin/config/versions", draftDoc);

  const rows: { wall: number; read: number; core: number }[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const res = await fetch(`${baton.baseUrl}/v1/admin/config/versions/${version}/backtest`, {
      method: "POST",
      headers: { Authorization: `Bearer ${baton.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ limit: LEADS }),
    });
    const body = (await res.json()) as { summary?: { total: number; changed: number } };
    const wall = performance.now() - started;
    if (!res.ok || !body.summary) throw new Error(`backtest → ${res.status}: ${JSON.stringify(body)}`);
    const header = res.headers.get("Server-Timing");
    const row = { wall, read: timing(header, "read"), core: timing(header, "core") };
    // The first run warms the isolate (module load, country tables); it is shown, not counted.
    if (run > 0) rows.push(row);
    console.log(
      `${run === 0 ? "warm-up" : `run ${run}`}: ${Math.round(wall)} ms end to end, read ${Math.round(row.read)} ms, ` +
        `core ${Math.round(row.core)} ms; ${body.summary.total} leads, ${body.summary.changed} changed`,
    );
  }
  const m = (k: "wall" | "read" | "core") => Math.round(median(rows.map((r) => r[k])));
  console.log(
    `median of ${rows.length}: ${m("wall")} ms end to end, read ${m("read")} ms, core ${m("core")} ms`,
  );
} finally {
  await baton.stop();
}

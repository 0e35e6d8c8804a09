/**
 * The event-list figure of issue 24, against a real `wrangler dev` (production config: no code
 * generation) seeded with the demo organisation:
 *   npm run build && npm run bench:events
 * 100 people submit the demo form first. Then a 2,000-row badge-scan CSV (1,880 new people, the
 * 100 existing ones, 20 bad rows) is read and mapped as the dashboard does, uploaded, dry-run
 * and routed in batches of RUN_BATCH (25 by default, as the dashboard sends); then the same file
 * is uploaded and routed again. Rachel Kim is capped at 100 a day (her weighted share would be
 * ~157) so the cap binds. Prints counts, time per phase and per batch, and leads per rep with
 * each rep's weighted target, then fails if any figure differs from what the issue asks.
 * A bench, not a test: times depend on the machine.
 */
import assert from "node:assert/strict";
import { readCsvTable } from "../../worker/core/csv/read-table";
import { guessEventMapping, toEventRows } from "../../dashboard/src/data/event-import";
import { d1 } from "../e2e/dashboard-data.helpers";
import { startBaton, type Baton } from "../e2e/server";

const BATCH = Number(process.env.RUN_BATCH ?? 25);
const CAPPED = { repId: "rachel-kim", perDay: 100 };

/** 1,880 new, 100 known (upper-cased), 10 without an email, 5 malformed, 5 scanned twice. */
function scansCsv(known: string[]): string {
  const rows: string[][] = [];
  for (let i = 0; i < 1_880; i++)
    rows.push([`scan${i}@expo-${i % 400}.example`, "Scan", `No ${i}`, `Expo ${i % 400}`, "US"]);
  for (const email of known) rows.push([email.toUpperCase(), "Known", "Person", "Known Co", "US"]);
  for (let i = 0; i < 10; i++) rows.push(["", "No", `Email ${i}`, "Blank Co", "US"]);
  for (let i = 0; i < 5; i++) rows.push([`broken${i}.example`, "Bad", `Address ${i}`, "Bad Co", "US"]);
  for (let i = 0; i < 5; i++)
    rows.push([`scan${i * 7}@expo-${(i * 7) % 400}.example`, "Scanned", "Twice", "Expo", "US"]);
  return ["Email Address,First Name,Last Name,Company,Country", ...rows.map((r) => r.join(","))].join("\n");
}

const ms = (t: number) => `${Math.round(t)} ms`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const out = await work();
  console.log(`${label.padEnd(34)} ${ms(performance.now() - start)}`);
  return out;
}

async function routeAll(baton: Baton, id: string) {
  const batches: number[] = [];
  let list;
  do {
    const start = performance.now();
    ({ list } = await baton.admin("POST", `/v1/admin/event-lists/${id}/run?limit=${BATCH}`));
    batches.push(performance.now() - start);
  } while (list.counts.pending > 0);
  const sorted = batches.toSorted((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(
    `  ${batches.length} batches of ${BATCH}: median ${ms(at(0.5))}, p95 ${ms(at(0.95))}, max ${ms(sorted.at(-1)!)}`,
  );
  return list;
}

async function upload(baton: Baton, csv: string) {
  const table = readCsvTable(csv);
  const rows = toEventRows(table.rows, guessEventMapping(table.columns));
  return baton.admin("POST", "/v1/admin/event-lists", {
    name: "Bench Expo 2026",
    fileName: "bench-expo.csv",
    ruleSetId: "default",
    rows,
  });
}

async function setUp(baton: Baton): Promise<string[]> {
  const { config } = await baton.admin("GET", "/v1/admin/config");
  for (const rep of config.reps) rep.caps = rep.id === CAPPED.repId ? { perDay: CAPPED.perDay } : {};
  await baton.admin("POST", "/v1/admin/config/versions?publish=true", config);
  const known = Array.from({ length: 100 }, (_, i) => `known${i}@known-${i}.example`);
  await timed("100 form submissions (existing)", async () => {
    for (const [i, email] of known.entries()) {
      const res = await fetch(`${baton.baseUrl}/v1/forms/demo/submissions`, {
        method: "POST",
        // One visitor each, as 100 people would be: the intake's per-address rate limit stays out of it.
        headers: {
          "Content-Type": "application/json",
          Origin: baton.baseUrl,
          "CF-Connecting-IP": `10.0.1.${i}`,
        },
        body: JSON.stringify({
          fields: {
            first_name: "Known",
            last_name: "Person",
            email,
            company: "Known Co",
            employees: "50-199",
            country: "US",
          },
        }),
      });
      assert.equal(res.status, 201, await res.text());
    }
  });
  return known;
}

const baton = await startBaton();
try {
  const csv = scansCsv(await setUp(baton));
  console.log(`CSV: 2,000 rows, ${(csv.length / 1024).toFixed(0)} KiB`);
  const first = await timed("upload (store 2,000 rows)", () => upload(baton, csv));
  assert.equal(first.refused.length, 20);
  const dry = await timed("dry run (forecast every row)", () =>
    baton.admin("POST", `/v1/admin/event-lists/${first.list.id}/dry-run`),
  );
  console.log(`  forecast: ${JSON.stringify(dry.counts)}`);
  const done = await timed("run (route every pending row)", () => routeAll(baton, first.list.id));
  console.log(`  counts: ${JSON.stringify(done.counts)}`);
  const detail = await baton.admin("GET", `/v1/admin/event-lists/${first.list.id}`);
  const { config } = await baton.admin("GET", "/v1/admin/config");
  const sdr = config.teams.find((t: { id: string }) => t.id === "sdr-na");
  const weights = new Map<string, number>(
    sdr.members.map((m: { repId: string; weight: number }) => [m.repId, m.weight]),
  );
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const got = new Map((detail.perRep as { repId: string; count: number }[]).map((r) => [r.repId, r.count]));
  // The demo's sdr-na: Ethan Cole is inactive, so he gets none; targets are by weight over all members.
  for (const [repId, weight] of weights)
    console.log(
      `  ${repId.padEnd(16)} ${String(got.get(repId) ?? 0).padStart(4)}  (weight ${weight}, weighted target ${((1880 * weight) / total).toFixed(0)})`,
    );

  const second = await timed("second upload of the same file", () => upload(baton, csv));
  const again = await timed("second run", () => routeAll(baton, second.list.id));
  console.log(`  counts: ${JSON.stringify(again.counts)}`);
  const n = Number((await d1(baton, "SELECT count(*) AS n FROM leads WHERE form_id = 'event:list'"))[0]?.n);
  console.log(`event-list leads in D1: ${n}`);

  assert.deepEqual(dry.counts, { route: 1880, merged: 100, duplicate: 0, unroutable: 0, refused: 20 });
  assert.deepEqual(done.counts, {
    pending: 0,
    routed: 1880,
    merged: 100,
    duplicate: 0,
    unrouted: 0,
    refused: 20,
  });
  assert.deepEqual(detail.perRep, dry.perRep, "the run matches the dry run's forecast per rep");
  // The cap counts the whole day: the form leads she got before the upload, then the list's.
  const capped = await d1(baton, `SELECT count(*) AS n FROM assignments WHERE rep_id = '${CAPPED.repId}'`);
  console.log(`${CAPPED.repId} today: ${capped[0]?.n} assignments (cap ${CAPPED.perDay})`);
  assert.equal(Number(capped[0]?.n), CAPPED.perDay);
  assert.deepEqual(again.counts, {
    pending: 0,
    routed: 0,
    merged: 100,
    duplicate: 1880,
    unrouted: 0,
    refused: 20,
  });
  assert.equal(n, 1880);
  console.log("OK: 1,880 routed within caps, 100 merged, 20 refused; the second upload routed nothing");
} finally {
  await baton.stop();
}

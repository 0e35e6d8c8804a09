/**
 * Shared by the dashboard browser tests: signing in, seeding leads through the public intake
 * (as a visitor would) and reading D1 directly. Baton, Chromium and screenshots come from the
 * shared harness (./harness.ts).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { BrowserContextOptions, Page } from "playwright-core";
import type { BatonBrowser } from "./harness";
import type { Baton } from "./server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** A new page signed in to the dashboard, then sent to `hash` (e.g. `#/leads`) when given. */
export async function openAdmin(
  e2e: BatonBrowser,
  hash = "",
  options?: BrowserContextOptions,
): Promise<Page> {
  const { page } = await e2e.newPage(options);
  await page.goto(`${e2e.baton.baseUrl}/admin/`);
  await page.getByLabel("Admin token").fill(e2e.baton.adminToken);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Sections" }).waitFor();
  if (hash) await page.evaluate((h) => (location.hash = h), hash);
  return page;
}

export type Submitted = {
  leadId: string;
  status: string;
  assignment: { repId: string; repName: string; teamId: string | null; ruleId: string } | null;
  slots: { start: string; end: string }[];
  bookingToken: string;
};

/** A demo-form submission through the public API, from the Worker's own origin. */
export async function submitLead(baton: Baton, fields: Record<string, string>): Promise<Submitted> {
  const res = await fetch(`${baton.baseUrl}/v1/forms/demo/submissions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baton.baseUrl },
    body: JSON.stringify({ fields: { employees: "50-199", country: "US", ...fields } }),
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`submission → ${res.status}: ${body}`);
  return JSON.parse(body) as Submitted;
}

/** Books the `nth` offered slot (another lead may hold the first ones); a 409 retries on the fresh slots. */
export async function book(baton: Baton, lead: Submitted, nth = 0): Promise<void> {
  let slots = lead.slots;
  for (let attempt = 0; attempt < 3; attempt++) {
    const slot = slots[Math.min(nth, slots.length - 1)];
    if (!slot) throw new Error(`lead ${lead.leadId} was offered no slot`);
    const res = await fetch(`${baton.baseUrl}/v1/leads/${lead.leadId}/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baton.baseUrl },
      body: JSON.stringify({ start: slot.start, bookingToken: lead.bookingToken }),
    });
    if (res.status === 201) return;
    const body = (await res.json()) as { error?: { details?: { slots?: Submitted["slots"] } } };
    if (res.status !== 409) throw new Error(`booking → ${res.status}: ${JSON.stringify(body)}`);
    slots = body.error?.details?.slots ?? slots.slice(1);
  }
  throw new Error(`could not book lead ${lead.leadId}`);
}

/** Runs SQL against the instance's local D1 with wrangler, as an operator would. */
export async function d1(baton: Baton, sql: string): Promise<Record<string, unknown>[]> {
  const args = [
    WRANGLER,
    "d1",
    "execute",
    "baton",
    "--local",
    "--persist-to",
    baton.stateDir,
    "--json",
    "--command",
    sql,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: ROOT,
    // WRANGLER_LOG=log: the test run quiets wrangler to errors, which would drop --json output too.
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1", WRANGLER_LOG: "log" },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((err: { stdout?: string; stderr?: string }) => {
    // The command line repeats the whole SQL; what wrangler said is the useful part.
    throw new Error(`wrangler d1 execute failed: ${(err.stderr || err.stdout || "").slice(-2000)}`);
  });
  const answers = JSON.parse(stdout) as { results: Record<string, unknown>[] }[];
  return answers.flatMap((a) => a.results);
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Every column of every table (SQLite and Cloudflare internals aside) that contains
 * `needle`, compared in lower case, with its row count. Columns of any declared type are
 * read as text, so JSON, blobs of text and numbers-as-text are all scanned.
 */
export async function findEverywhere(
  baton: Baton,
  needle: string,
): Promise<{ column: string; rows: number }[]> {
  const columns = await d1(
    baton,
    `SELECT m.name AS tbl, p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`,
  );
  if (columns.length < 20) throw new Error(`expected the whole schema, got ${columns.length} columns`);
  const probe = literal(needle.toLowerCase());
  const tables = new Map<string, string[]>();
  for (const { tbl, col } of columns)
    tables.set(String(tbl), [...(tables.get(String(tbl)) ?? []), String(col)]);
  // One statement per table, one sum per column: no compound SELECT (D1 caps its terms).
  const statements = [...tables].map(
    ([tbl, cols]) =>
      `SELECT ${cols
        .map(
          (c) =>
            `coalesce(sum(instr(lower(CAST(${ident(c)} AS TEXT)), ${probe}) > 0), 0) AS ${ident(`${tbl}.${c}`)}`,
        )
        .join(", ")} FROM ${ident(tbl)}`,
  );
  const hits: { column: string; rows: number }[] = [];
  for (const row of await d1(baton, statements.join(";\n"))) {
    for (const [column, n] of Object.entries(row)) if (Number(n) > 0) hits.push({ column, rows: Number(n) });
  }
  return hits;
}

/** Polls `check` until it returns a value (not undefined), for work the queue does in the background. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

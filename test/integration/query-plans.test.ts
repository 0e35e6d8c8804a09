/**
 * The indexes on the tables that grow with every lead are kept only where a query needs them
 * (docs/capacity.md): each index costs bytes on every row. These tests record the SQL that the
 * real routes and the queue consumer send for the lead page, the delivery log, redelivery,
 * erasure, intake's duplicate lookups, delivery and compact-history, and ask SQLite for each
 * statement's plan:
 * none may read a whole per-lead table. Dropping an index a query relies on turns them red.
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { archiveJob } from "../../worker/archive/archive-job";
import { compactHistory } from "../../worker/capacity/compact";
import { database } from "../../worker/db/client";
import { dueFollowUps } from "../../worker/followup/follow-up-queries";
import { consumeNotifications, notificationChannels } from "../../worker/notify/queue";
import type { NotificationMessage } from "../../worker/notify/channel";
import {
  captureQueue,
  deliver,
  NOW,
  person,
  send,
  startDemoWithWebhook,
  submit,
} from "./admin-data-fixtures";

/** Tables that hold rows per lead: a full scan of one grows with the deployment's history. */
const PER_LEAD = [
  "leads",
  "routing_decisions",
  "assignments",
  "notification_deliveries",
  "webhook_messages",
  "email_outbox",
  "outbox",
];

type Recorded = { sql: string; binds: unknown[] };

/**
 * Erasure also looks for the address anywhere in free text (fields, mail, webhook bodies):
 * `instr()` cannot use an index, and erasure is a rare admin request, so that scan is intended.
 */
const INTENDED_SCAN = /WHERE[\s\S]*\binstr\(lower\(/i;

/** Runs `action` and returns every statement it prepared on env.DB, with its bound values. */
async function recordStatements(action: () => Promise<unknown>): Promise<Recorded[]> {
  const prepare = env.DB.prepare.bind(env.DB);
  const seen: Recorded[] = [];
  const spy = vi.spyOn(env.DB, "prepare").mockImplementation((sql: string) => {
    const entry: Recorded = { sql, binds: [] };
    seen.push(entry);
    const statement = prepare(sql);
    const bind = statement.bind.bind(statement);
    statement.bind = (...values: unknown[]) => {
      entry.binds = values;
      return bind(...values);
    };
    return statement;
  });
  try {
    await action();
  } finally {
    spy.mockRestore();
  }
  return seen;
}

async function planOf({ sql, binds }: Recorded): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...binds)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

/**
 * Plan lines that read every row of a per-lead table. A SCAN through an index is accepted only
 * for a page (ORDER BY … LIMIT): it walks the index in order and stops after the page.
 */
async function fullScans(statements: Recorded[]): Promise<string[]> {
  const found: string[] = [];
  for (const statement of statements) {
    const { sql } = statement;
    const paged = /ORDER BY[\s\S]*LIMIT/i.test(sql);
    if (!/^\s*(SELECT|UPDATE|DELETE|WITH)/i.test(sql) || INTENDED_SCAN.test(sql)) continue;
    const aliases = new Map<string, string>();
    for (const table of PER_LEAD) {
      for (const m of sql.matchAll(
        new RegExp(`["\`]?\\b${table}\\b["\`]?(?:\\s+(?:AS\\s+)?([a-z]\\w*))?`, "gi"),
      )) {
        aliases.set(table, table);
        const alias = m[1]?.toLowerCase();
        if (alias && !/^(where|on|join|set|order|group|limit|left|inner|using|and|or)$/.test(alias))
          aliases.set(alias, table);
      }
    }
    if (aliases.size === 0) continue;
    for (const detail of await planOf(statement)) {
      const scan = /^SCAN (\S+)(.*)$/.exec(detail);
      if (!scan || (paged && /USING (COVERING )?INDEX/.test(scan[2]!))) continue;
      const table = aliases.get(scan[1]!.toLowerCase());
      if (table) found.push(`${table}: ${detail} in ${sql.replace(/\s+/g, " ").slice(0, 160)}`);
    }
  }
  return found;
}

let leadId = "";
let queued: NotificationMessage[] = [];

beforeAll(async () => {
  await startDemoWithWebhook();
  const lead = await submit(person("ida@rhodes.example"));
  leadId = lead.leadId;
  queued = lead.queued;
  await deliver(queued);
});
afterAll(() => vi.useRealTimers());

it("serves the lead page, the delivery log and redelivery without scanning a per-lead table", async () => {
  const webhooks = (await (await send("/v1/admin/webhooks")).json<{ webhooks: { id: string }[] }>()).webhooks;
  const statements = await recordStatements(async () => {
    expect((await send(`/v1/admin/leads/${leadId}`)).status).toBe(200);
    for (const q of ["", "kind=webhook", "kind=notification", `leadId=${leadId}`, "status=delivered"])
      expect((await send(`/v1/admin/deliveries?${q}`)).status).toBe(200);
    const page = await (await send("/v1/admin/deliveries")).json<{ deliveries: { id: string }[] }>();
    await captureQueue(async () => {
      for (const d of page.deliveries) {
        const res = await send(`/v1/admin/deliveries/${encodeURIComponent(d.id)}/redeliver`, {
          method: "POST",
        });
        expect(res.status).toBe(202);
      }
    });
    expect((await send(`/v1/admin/webhooks/${webhooks[0]!.id}/deliveries`)).status).toBe(200);
  });
  expect(statements.length).toBeGreaterThan(5);
  expect(await fullScans(statements)).toEqual([]);
});

it("delivers, looks up duplicates and erases without scanning a per-lead table", async () => {
  const statements = await recordStatements(async () => {
    const batch = createMessageBatch(
      "baton-notifications",
      queued.map((body, i) => ({ id: `again${i}`, timestamp: new Date(NOW), attempts: 1, body })),
    );
    await consumeNotifications(batch, env, notificationChannels);
    await captureQueue(async () => {
      const res = await send("/v1/forms/demo/submissions", {
        method: "POST",
        token: null,
        headers: { "Idempotency-Key": "plan-check-1", "CF-Connecting-IP": "198.51.100.7" },
        body: { fields: person("katherine@johnson.example") },
      });
      expect(res.status).toBe(201);
    });
    const erase = await send("/v1/admin/privacy/erase", {
      method: "POST",
      body: { email: "ida@rhodes.example", confirm: "ida@rhodes.example" },
    });
    expect(erase.status).toBe(200);
    await compactHistory.run({ db: database(env.DB), env, now: NOW });
  });
  expect(await fullScans(statements)).toEqual([]);
  // The lookup by Idempotency-Key uses the partial unique index, not a walk of the form's leads.
  const byKey = statements.filter((s) => /"idempotency_key" = \?/.test(s.sql));
  expect(byKey.length).toBeGreaterThan(0);
  for (const s of byKey) expect((await planOf(s)).join("\n")).toContain("leads_form_idempotency");
  // So does the same-payload lookup, through the partial index of leads that still have a hash.
  const byHash = statements.filter((s) => /"payload_hash" = \?/.test(s.sql));
  expect(byHash.length).toBeGreaterThan(0);
  for (const s of byHash) expect((await planOf(s)).join("\n")).toContain("leads_form_payload");
  // compact-history reads only the rows it may still change, not the whole history.
  for (const [prefix, index] of [
    ["UPDATE webhook_messages SET body = ''", "webhook_messages_body_live"],
    ["UPDATE leads SET payload_hash = NULL", "leads_payload_live"],
  ] as const) {
    const found = statements.filter((s) => s.sql.startsWith(prefix));
    expect(found).toHaveLength(1);
    expect((await planOf(found[0]!)).join("\n")).toContain(index);
  }
});

it("archives whole leads and purges erased ones without scanning a per-lead table", async () => {
  const later = NOW + 91 * 86_400_000;
  const statements = await recordStatements(async () => {
    await submit(person("mary@jackson.example"));
    await archiveJob.run({ db: database(env.DB), env, now: later });
    await archiveJob.run({ db: database(env.DB), env, now: later });
  });
  expect(await fullScans(statements)).toEqual([]);
  // The job reads only the leads it may still move, and the erased ones it may still purge.
  for (const [prefix, index] of [
    ["SELECT id, erased_at AS erasedAt", "leads_to_archive"],
    ["SELECT id FROM leads WHERE archived_at < erased_at", "leads_to_purge"],
  ] as const) {
    const found = statements.filter((s) => s.sql.trimStart().startsWith(prefix));
    expect(found.length, prefix).toBeGreaterThan(0);
    expect((await planOf(found[0]!)).join("\n")).toContain(index);
  }
});

it("finds the leads due a follow-up through the partial index of leads it may still reach", async () => {
  const statements = await recordStatements(() =>
    dueFollowUps(
      env.DB,
      { formId: "demo", shownFrom: NOW - 86_400_000, shownBefore: NOW, emailVisitor: false, language: "en" },
      50,
    ),
  );
  expect(await fullScans(statements)).toEqual([]);
  expect(statements).toHaveLength(1);
  expect((await planOf(statements[0]!)).join("\n")).toContain("leads_follow_up_due");
});

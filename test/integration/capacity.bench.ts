/**
 * How many routed leads one D1 database holds: `npm run bench:capacity` (CAPACITY_N=… to
 * change N, 1,000 by default). Routes N demo leads through the real path (submit → route →
 * outbox → notification queue consumer → channels, with a webhook subscribed), books about a
 * third of them (invites and meeting webhooks delivered too) and records an outcome on a
 * quarter, then prints what the database grew by, per table with its indexes, per lead, and
 * the number of leads a 10 GB database holds at that rate.
 *
 * Email goes through a `send_email` binding (a stand-in that accepts every message), as on a
 * deployment with email configured: without one the channel writes the development outbox
 * table (`email_outbox`, about 2.3 KB per lead), which no production deployment carries.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, expect, it } from "vitest";
import { vi } from "vitest";
import { createMessageBatch } from "cloudflare:test";
import {
  bookFirstSlot,
  captureQueue,
  publishDemo,
  send,
  subscribeWebhook,
  type Submitted,
} from "./admin-data-fixtures";
import { footprintDelta, measureFootprint, type Footprint } from "./capacity-measure";
import { archiveJob, DEFAULT_ARCHIVE_AFTER_DAYS } from "../../worker/archive/archive-job";
import { database } from "../../worker/db/client";
import { pruneOutbox } from "../../worker/outbox/dispatch";
import { OUTBOX_DONE_RETENTION_MS } from "../../worker/outbox/outbox";
import { compactHistory, WEBHOOK_BODY_RETENTION_MS } from "../../worker/capacity/compact";
import { consumeNotifications, notificationChannels } from "../../worker/notify/queue";
import type { NotificationMessage } from "../../worker/notify/channel";

const N = Number((env as unknown as Record<string, string | undefined>).CAPACITY_N ?? 1000);
const LIMIT = 10 * 1000 ** 3;
const NOW = Date.UTC(2026, 11, 1, 15, 0, 0);
const ALL_DAY = [{ start: "00:00", end: "24:00" }];
const COUNTRIES = ["US", "DE", "FR", "CA", "GB", "US", "US", "NL"];
const SIZES = ["1-49", "50-199", "200-499", "500-999", "1000-4999", "5000+"];

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  // Every rep always available and uncapped, so every lead is routed whatever N is.
  await publishDemo((config) => {
    for (const rep of config.reps) {
      rep.workingHours = Object.fromEntries(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, ALL_DAY]),
      );
      rep.caps = {};
      rep.ooo = [];
    }
  });
  await subscribeWebhook();
});
afterAll(() => vi.useRealTimers());

let emailsSent = 0;
/** Cloudflare's `send_email` binding as the email channel uses it (`send` with a message object). */
const EMAIL = {
  send: async () => {
    emailsSent++;
    return { messageId: `bench-${emailsSent}` };
  },
};

/** Delivers through the real consumer and channels, with the email binding above. */
async function deliver(messages: NotificationMessage[]) {
  const batch = createMessageBatch(
    "baton-notifications",
    messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(NOW), attempts: 1, body })),
  );
  await consumeNotifications(batch, { ...env, EMAIL } as unknown as Env, notificationChannels);
}

/** One realistic submission: form fields, page context with UTM values, a unique visitor IP. */
async function submitLead(i: number) {
  let body: Submitted | undefined;
  const queued = await captureQueue(async () => {
    const res = await send("/v1/forms/demo/submissions", {
      method: "POST",
      token: null,
      headers: { "CF-Connecting-IP": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
      body: {
        fields: {
          first_name: "Ada",
          last_name: `Lovelace ${i}`,
          email: `ada.lovelace${i}@company${i % 400}.example`,
          company: `Company ${i % 400} Industries`,
          employees: SIZES[i % SIZES.length],
          country: COUNTRIES[i % COUNTRIES.length],
        },
        context: {
          pageUrl: "https://acme.example/pricing?plan=team",
          referrer: "https://www.google.com/",
          utm: { source: "google", medium: "cpc", campaign: "q4-demand" },
        },
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    body = await res.json<Submitted>();
  });
  await deliver(queued);
  return body!;
}

async function recordOutcome(leadId: string) {
  const res = await send(`/v1/admin/leads/${leadId}/outcomes`, {
    method: "POST",
    body: { kind: "contacted" },
  });
  expect(res.status).toBe(201);
}

/**
 * Prints the per-table footprint and the leads one 10 GB database holds at that rate. Right
 * after routing the rate is the file's growth (it includes page slack). After a prune or a
 * move, a deployed file does not shrink: freed pages go to SQLite's free list and the next
 * leads reuse them, so the rate from then on is the rows' estimate times the page slack
 * measured right after routing (`slack`, the file's growth over the rows' estimate).
 */
function report(delta: Footprint, leads: number, slack?: number) {
  const total = delta.tables.reduce((s, t) => s + t.bytes + t.indexBytes, 0);
  const lines = [
    `| table | rows | table B/lead | indexes B/lead | share |`,
    `|---|---|---|---|---|`,
    ...delta.tables.map(
      (t) =>
        `| ${t.name} | ${t.rows} | ${(t.bytes / leads).toFixed(0)} | ${(t.indexBytes / leads).toFixed(0)} | ${((100 * (t.bytes + t.indexBytes)) / total).toFixed(1)}% |`,
    ),
  ];
  const perLead = slack === undefined ? Math.max(total, delta.fileBytes) / leads : (total * slack) / leads;
  const rate =
    slack === undefined
      ? "the file's growth"
      : `rows + indexes x ${slack.toFixed(3)} (page slack measured right after routing)`;
  console.log(
    [
      `capacity bench: ${leads} routed leads`,
      ...lines,
      `rows + indexes (estimate): ${(total / leads).toFixed(0)} B/lead; database file (meta.size_after) grew ${delta.fileBytes.toLocaleString("en-US")} B = ${(delta.fileBytes / leads).toFixed(0)} B/lead`,
      `rate: ${rate} = ${perLead.toFixed(0)} B/lead; leads per 10 GB database: ${Math.floor(LIMIT / perLead).toLocaleString("en-US")}`,
    ].join("\n"),
  );
  return { perLead, slack: Math.max(1, delta.fileBytes / total) };
}

it(
  `routes ${N} leads with notifications, bookings and outcomes, and prints bytes per lead`,
  { timeout: 3_600_000 },
  async () => {
    const before = await measureFootprint(env.DB);
    let booked = 0;
    for (let i = 0; i < N; i++) {
      const lead = await submitLead(i);
      expect(lead.assignment).not.toBeNull();
      if (i % 3 === 0 && lead.slots.length > 0) {
        const { queued } = await bookFirstSlot(lead);
        await deliver(queued);
        booked++;
      }
      if (i % 4 === 0) await recordOutcome(lead.leadId);
    }
    const after = await measureFootprint(env.DB);
    console.log(`booked ${booked} of ${N}; outcomes on ${Math.ceil(N / 4)}; ${emailsSent} emails sent`);
    expect(emailsSent).toBeGreaterThan(0);
    const { perLead, slack } = report(footprintDelta(before, after), N);
    expect(perLead).toBeGreaterThan(0);
    // Steady state: the cron's prune-outbox and compact-history have run past their windows.
    // Deleted rows' pages go to SQLite's free list and are reused by new rows, so a deployed
    // file does not shrink, but the rows' estimate is what the next leads' growth adds.
    const later = {
      db: database(env.DB),
      env,
      now: NOW + Math.max(OUTBOX_DONE_RETENTION_MS, WEBHOOK_BODY_RETENTION_MS) + 60_000,
    };
    while (((await pruneOutbox.run(later)) as { deleted: number }).deleted > 0);
    while (Object.values(await compactHistory.run(later)).some((n) => Number(n) > 0));
    console.log(
      "steady state (prune-outbox and compact-history past their windows: finished outbox entries deleted, webhook bodies emptied):",
    );
    report(footprintDelta(before, await measureFootprint(env.DB)), N, slack);
    // And past the archive age: the archive job has moved every trace to R2 (worker/archive).
    const aged = { ...later, now: NOW + (DEFAULT_ARCHIVE_AFTER_DAYS + 1) * 86_400_000 };
    while (((await archiveJob.run(aged)) as { more: boolean }).more);
    const inR2: string[] = [];
    let r2Bytes = 0;
    for (const prefix of ["traces/", "leads/"]) {
      let objects = 0;
      for (let cursor: string | undefined; ;) {
        const page = await env.ARCHIVE.list({ prefix, ...(cursor ? { cursor } : {}) });
        objects += page.objects.length;
        r2Bytes += page.objects.reduce((sum, o) => sum + o.size, 0);
        if (!page.truncated) break;
        cursor = page.cursor;
      }
      inR2.push(`${objects} ${prefix}`);
    }
    console.log(
      `after archive (traces and leads past ${DEFAULT_ARCHIVE_AFTER_DAYS} days moved: R2 objects ${inR2.join(", ")}; ${(r2Bytes / N).toFixed(0)} B/lead in R2):`,
    );
    report(footprintDelta(before, await measureFootprint(env.DB)), N, slack);
  },
);

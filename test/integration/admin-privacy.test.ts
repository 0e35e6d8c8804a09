import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  bookFirstSlot,
  deliver,
  NOW,
  person,
  send,
  startDemoWithWebhook,
  submit,
} from "./admin-data-fixtures";
import { decodeTrace } from "../../worker/leads/trace-codec";

const EMAIL = "Grace.Hopper@Navy-Compilers.example";
const OTHER = "ada@analytical-engines.example";

/** Every column of every table in D1 that mentions `needle` (case-insensitive), as table.column. */
async function mentions(needle: string): Promise<string[]> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
  ).all<{ name: string }>();
  const columns = await env.DB.batch<{ name: string }>(
    tables.map((t) => env.DB.prepare("SELECT name FROM pragma_table_info(?)").bind(t.name)),
  );
  // One query per table: for each column, how many rows mention the needle.
  const counts = await env.DB.batch<Record<string, number>>(
    tables.map((t, i) =>
      env.DB.prepare(
        `SELECT ${columns[i]!.results.map(
          (c) => `coalesce(sum(instr(lower(CAST("${c.name}" AS TEXT)), ?1) > 0), 0) AS "${c.name}"`,
        ).join(", ")} FROM "${t.name}"`,
      ).bind(needle.toLowerCase()),
    ),
  );
  const hits = tables.flatMap((t, i) =>
    Object.entries(counts[i]!.results[0] ?? {})
      .filter(([, n]) => n > 0)
      .map(([col]) => `${t.name}.${col}`),
  );
  // Compact traces are deflated, so SQL cannot see into them: decode each and look there too.
  const { results: blobs } = await env.DB.prepare(
    "SELECT trace_z FROM routing_decisions WHERE trace_z IS NOT NULL",
  ).all<{ trace_z: ArrayBuffer }>();
  const decoded = await Promise.all(blobs.map((b) => decodeTrace(b.trace_z)));
  if (decoded.some((t) => JSON.stringify(t).toLowerCase().includes(needle.toLowerCase())))
    hits.push("routing_decisions.trace_z");
  return hits;
}

async function analytics() {
  const from = new Date(NOW - 86_400_000).toISOString();
  const to = new Date(NOW + 86_400_000).toISOString();
  return (await send(`/v1/admin/analytics?from=${from}&to=${to}`)).json<any>();
}

beforeAll(async () => {
  await startDemoWithWebhook();
});
afterAll(() => vi.useRealTimers());

describe("POST /v1/admin/privacy/erase", () => {
  it(
    "removes the person's email from every table and the team object, keeping the counts",
    { timeout: 30_000 },
    async () => {
      const lead = await submit(person(EMAIL, { message: `Reach me at ${EMAIL} please` }));
      const other = await submit(person(OTHER, { first_name: "Ada", last_name: "Lovelace" }));
      await deliver([...lead.queued, ...other.queued]);
      const booking = await bookFirstSlot(lead);
      await deliver(booking.queued);
      const outcome = await send(`/v1/admin/leads/${lead.leadId}/outcomes`, {
        method: "POST",
        body: { kind: "contacted", details: { note: `called ${EMAIL}` } },
      });
      expect(outcome.status).toBe(201);

      // Seeded as the brief asks: the lead, its booking, notifications, webhook messages, outbox.
      const before = await mentions(EMAIL);
      expect(before).toEqual(
        expect.arrayContaining(["leads.email", "leads.fields", "routing_decisions.trace_z"]),
      );
      expect(before).toEqual(expect.arrayContaining(["email_outbox.to", "outcomes.details"]));
      const teamId = lead.assignment.teamId as string;
      const teamEmails = () =>
        runInDurableObject(
          env.TEAM.getByName(teamId),
          (_o, state) =>
            state.storage.sql
              .exec<{ n: number }>("SELECT count(*) AS n FROM leads WHERE email = ?", EMAIL.toLowerCase())
              .one().n,
        );
      expect(await teamEmails()).toBe(1);
      const figures = await analytics();

      const res = await send("/v1/admin/privacy/erase", {
        method: "POST",
        body: { email: EMAIL, confirm: EMAIL },
      });
      expect(res.status).toBe(200);
      const body = await res.json<any>();
      expect(body.email).toBe("<redacted>");
      expect(body.erased).toMatchObject({ leads: 1, decisions: 1, bookings: 1, outcomes: 1, teamRecords: 1 });
      expect(body.erased.webhookMessages).toBeGreaterThanOrEqual(2);
      expect(body.erased.emails).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(body)).not.toContain(EMAIL);

      expect(await mentions(EMAIL)).toEqual([]);
      expect(await mentions("navy-compilers.example")).toEqual([]);
      expect(await teamEmails()).toBe(0);
      expect(await analytics()).toEqual(figures);
      // Someone else's data is untouched.
      expect(await mentions(OTHER)).toEqual(expect.arrayContaining(["leads.email", "leads.fields"]));

      const detail = await (await send(`/v1/admin/leads/${lead.leadId}`)).json<any>();
      expect(detail.lead).toMatchObject({ email: null, status: "booked", fields: { email: "[erased]" } });
      expect(detail.timeline.map((e: { kind: string }) => e.kind)).toContain("erased");
      // Every request in this file shares one instant, so find the entry rather than take the first.
      const audit = await (await send("/v1/admin/audit?limit=100")).json<any>();
      const entry = audit.entries.find((e: { action: string }) => e.action === "privacy.erased");
      expect(entry).toMatchObject({ details: { emailSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    },
  );

  it("refuses a confirmation that does not repeat the email, and erases nothing", async () => {
    await submit(person("linus@kernel.example"));
    const res = await send("/v1/admin/privacy/erase", {
      method: "POST",
      body: { email: "linus@kernel.example", confirm: "linus@kernel.exampl" },
    });
    expect(res.status).toBe(422);
    expect((await res.json<any>()).error.code).toBe("validation_failed");
    expect(await mentions("linus@kernel.example")).toContain("leads.email");
  });

  it("answers zero counts for an address Baton never stored", async () => {
    const res = await send("/v1/admin/privacy/erase", {
      method: "POST",
      body: { email: "nobody@nowhere.example", confirm: "NOBODY@nowhere.example" },
    });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).erased.leads).toBe(0);
  });
});

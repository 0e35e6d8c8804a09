import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, call, callSettled, clone, countRows } from "./helpers";
import { NOW, publishIntakeConfig } from "./intake-fixtures";
import { readTrace } from "../../worker/leads/trace-codec";
import { compactHistory, PAYLOAD_HASH_RETENTION_MS } from "../../worker/capacity/compact";
import { database } from "../../worker/db/client";
import { loadActiveConfig } from "../../worker/config/store";
import { insertLead, newLeadRow } from "../../worker/leads/lead-queries";
import { routeAndRecord } from "../../worker/intake/route-lead";
import { leadIdForKey } from "../../worker/intake/submit";
import { z } from "zod";
let ipCounter = 0;

function lead(overrides: Record<string, unknown> = {}) {
  return {
    first_name: "Ada",
    last_name: "Lovelace",
    email: `ada${++ipCounter}@analytical-engines.example`,
    company: "Analytical Engines",
    employees: "50-199",
    country: "US",
    ...overrides,
  };
}

function submit(
  body: unknown,
  init: { headers?: Record<string, string>; formId?: string; raw?: string } = {},
) {
  const headers = new Headers({
    "Content-Type": "application/json",
    "CF-Connecting-IP": `198.51.100.${++ipCounter % 250}`,
  });
  for (const [k, v] of Object.entries(init.headers ?? {})) headers.set(k, v);
  return call(`/v1/forms/${init.formId ?? "demo"}/submissions`, {
    method: "POST",
    headers,
    body: init.raw ?? JSON.stringify(body),
    redirect: "manual",
  });
}

beforeAll(async () => {
  await publishIntakeConfig();
  await admin("/v1/admin/accounts/import", {
    method: "POST",
    body: { accounts: [{ domain: "globex.com", name: "Globex Corporation", ownerRepId: "rachel-kim" }] },
  });
});
afterAll(() => vi.useRealTimers());

describe("POST /v1/forms/:formId/submissions", () => {
  it("stores, routes and answers in one round trip", async () => {
    const res = await submit({
      fields: lead(),
      context: { pageUrl: "https://acme.example/demo", utm: { medium: "cpc" } },
    });
    expect(res.status).toBe(201);
    const body = await res.json<any>();
    expect(body).toMatchObject({
      status: "routed",
      assignment: { teamId: "sdr-na", ruleId: "fallback" },
    });
    expect(body.assignment.repName).toEqual(expect.any(String));
    // The first page of the rep's real slots, in UTC, after now and in order.
    expect(body.slots.length).toBeGreaterThan(0);
    const starts = body.slots.map((s: { start: string }) => Date.parse(s.start));
    expect(starts[0]).toBeGreaterThan(NOW);
    expect(starts).toEqual(starts.toSorted((a: number, b: number) => a - b));
    expect(body.bookingToken).toMatch(/^[\w-]+\.[\w-]+$/);

    const stored = await env.DB.prepare("SELECT status, email_normalized FROM leads WHERE id = ?")
      .bind(body.leadId)
      .first();
    expect(stored).toMatchObject({ status: "routed" });
    const decision = await env.DB.prepare(
      "SELECT rule_id, trace, trace_z FROM routing_decisions WHERE lead_id = ?",
    )
      .bind(body.leadId)
      .first<{ rule_id: string; trace: string | null; trace_z: ArrayBuffer | null }>();
    // Stored compact (leads/trace-codec.ts), not as JSON text.
    expect(decision!.trace).toBeNull();
    const trace = (await readTrace(decision!)) as any;
    expect(trace.routing.rules.length).toBeGreaterThan(0);
    expect(trace.distribution[0]).toMatchObject({ teamId: "sdr-na", ok: true, repId: body.assignment.repId });
  });

  it("sends a known account's lead to its owner", async () => {
    const res = await submit({ fields: lead({ email: "jane@eu.globex.com" }) });
    const body = await res.json<any>();
    expect(body.assignment).toMatchObject({ repId: "rachel-kim", ruleId: "existing-account" });
  });

  it("carries the assigned rep's photo from the config, and null for a rep without one", async () => {
    const withPhoto = await (await submit({ fields: lead({ email: "kim@eu.globex.com" }) })).json<any>();
    const rachel = demoConfig.reps.find((r) => r.id === "rachel-kim")!;
    expect(rachel.photoUrl).toMatch(/^https:\/\//);
    expect(withPhoto.assignment).toMatchObject({ repId: "rachel-kim", repPhotoUrl: rachel.photoUrl });

    const publish = async (body: unknown) =>
      expect((await admin("/v1/admin/config/versions?publish=true", { method: "POST", body })).status).toBe(
        201,
      );
    const active = (await (await admin("/v1/admin/config")).json<any>()).config;
    const config = clone(active);
    delete config.reps.find((r: { id: string }) => r.id === "rachel-kim").photoUrl;
    await publish(config);
    try {
      const without = await (await submit({ fields: lead({ email: "lee@eu.globex.com" }) })).json<any>();
      expect(without.assignment).toMatchObject({ repId: "rachel-kim", repPhotoUrl: null });
    } finally {
      await publish(active); // the later tests expect the config beforeAll published
    }
  });

  it("routes EMEA enterprise leads to the EMEA team", async () => {
    const res = await submit({ fields: lead({ country: "France", employees: "1000-4999" }) });
    expect((await res.json<any>()).assignment).toMatchObject({
      teamId: "emea-enterprise",
      ruleId: "emea-enterprise",
    });
  });

  it("answers 404 for an unknown form and writes nothing", async () => {
    const before = await countRows("leads");
    const res = await submit({ fields: lead() }, { formId: "nope" });
    expect(res.status).toBe(404);
    expect(await countRows("leads")).toBe(before);
  });

  it("answers 422 listing every field problem, and writes nothing", async () => {
    const before = await countRows("leads");
    const res = await submit({ fields: { first_name: "", email: "not-an-email", employees: "a lot" } });
    expect(res.status).toBe(422);
    const paths = (await res.json<any>()).error.details.errors.map((e: { path: string[] }) =>
      e.path.join("."),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        "fields.first_name",
        "fields.last_name",
        "fields.email",
        "fields.employees",
        "fields.company",
      ]),
    );
    expect(await countRows("leads")).toBe(before);
  });

  it("accepts a plain HTML form post (urlencoded), with UTM fields as context", async () => {
    const form = new URLSearchParams({ ...lead(), utm_source: "newsletter" } as Record<string, string>);
    const res = await submit(null, {
      raw: form.toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(201);
    const { leadId } = await res.json<any>();
    const row = await env.DB.prepare("SELECT context FROM leads WHERE id = ?")
      .bind(leadId)
      .first<{ context: string }>();
    expect(JSON.parse(row!.context)).toEqual({ utm: { source: "newsletter" } });
  });

  it("sends a plain HTML form on to its _redirect page with the outcome, and never off-site", async () => {
    const post = (redirect: string, fields: Record<string, string>) =>
      submit(null, {
        raw: new URLSearchParams({ ...fields, _redirect: redirect }).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    const ok = await post("http://localhost:8787/thanks", lead() as Record<string, string>);
    expect(ok.status).toBe(303);
    const location = new URL(ok.headers.get("Location")!);
    expect(location.pathname).toBe("/thanks");
    expect(location.searchParams.get("baton_status")).toBe("routed");
    expect(location.searchParams.get("baton_lead")).toMatch(/^[0-9a-f-]{36}$/);

    const bad = await post("/thanks", { email: "nope" });
    expect(bad.status).toBe(303);
    expect(new URL(bad.headers.get("Location")!).searchParams.get("baton_error")).toBe("validation_failed");

    const offsite = await post("https://evil.example/phish", lead() as Record<string, string>);
    expect(offsite.status).toBe(201);
  });

  it("answers 413 past 32 KB and 415 for other content types", async () => {
    const big = await submit({ fields: lead({ message: "x".repeat(40_000) }) });
    expect(big.status).toBe(413);
    const text = await submit(null, { raw: "hello", headers: { "Content-Type": "text/plain" } });
    expect(text.status).toBe(415);
  });

  it("answers a honeypot hit with a normal-looking 201 but keeps the lead as spam, unrouted", async () => {
    const res = await submit({ fields: { ...lead(), website: "http://spam.example" } });
    expect(res.status).toBe(201);
    const body = await res.json<any>();
    expect(body).toMatchObject({ status: "received", assignment: null });
    const row = await env.DB.prepare("SELECT status FROM leads WHERE id = ?").bind(body.leadId).first();
    expect(row).toEqual({ status: "spam" });
    expect(
      await env.DB.prepare("SELECT 1 FROM assignments WHERE lead_id = ?").bind(body.leadId).first(),
    ).toBeNull();
  });

  it("replays an Idempotency-Key without a second lead", async () => {
    const fields = lead();
    const first = await submit({ fields }, { headers: { "Idempotency-Key": "key-12345678" } });
    const leads = await countRows("leads");
    const again = await submit({ fields }, { headers: { "Idempotency-Key": "key-12345678" } });
    expect(again.status).toBe(200);
    expect((await again.json<any>()).leadId).toBe((await first.json<any>()).leadId);
    expect(await countRows("leads")).toBe(leads);
  });

  it("answers concurrent requests sharing an Idempotency-Key with one lead, never a 500", async () => {
    // Sent together, all pass the duplicate read before any insert; the unique index on
    // (form, key) lets one in and the others must replay it.
    const fields = lead();
    const leads = await countRows("leads");
    const init = { headers: { "Idempotency-Key": "key-race-1" } };
    const answers = await Promise.all([1, 2, 3].map(() => submit({ fields }, init)));
    const statuses = answers.map((r) => r.status).toSorted();
    expect(statuses).toEqual([200, 200, 201]);
    const ids = await Promise.all(answers.map((r) => r.json<any>().then((b) => b.leadId)));
    expect(new Set(ids).size).toBe(1);
    expect(await countRows("leads")).toBe(leads + 1);
  });

  it("routes requests racing with one Idempotency-Key as one lead: one rep, counted once by its team", async () => {
    // Routing overlaps the insert, so every racer reaches the team object before the unique
    // index has picked the winner: they share the key's lead id, and the object answers all
    // of them with the rep it chose for the first (worker/intake/submit.ts, leadIdForKey).
    const fields = lead();
    // Every team's object: a racer counted apart would show up in whichever team it reached.
    const teamLeads = async () => {
      let n = 0;
      for (const team of demoConfig.teams)
        n += await runInDurableObject(env.TEAM.getByName(team.id), (_, state) =>
          Number(state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM leads").one().n),
        );
      return n;
    };
    const before = await teamLeads();
    const race = () =>
      callSettled("/v1/forms/demo/submissions", {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "CF-Connecting-IP": `198.51.100.${++ipCounter % 250}`,
          "Idempotency-Key": "key-race-routing-1",
        },
        body: JSON.stringify({ fields }),
      });
    const answers = await Promise.all([1, 2, 3].map(race));
    const bodies = await Promise.all(answers.map((r) => r.json<any>()));
    expect(answers.map((r) => r.status).toSorted()).toEqual([200, 200, 201]);
    expect(new Set(bodies.map((b) => b.leadId)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.assignment?.repId)).size).toBe(1);
    const { leadId } = bodies[0];
    const row = await env.DB.prepare(
      "SELECT status, routing_attempts AS attempts, last_routing_error AS error FROM leads WHERE id = ?",
    )
      .bind(leadId)
      .first();
    expect(row).toEqual({ status: "routed", attempts: 1, error: null });
    const assigned = await env.DB.prepare("SELECT rep_id AS repId FROM assignments WHERE lead_id = ?")
      .bind(leadId)
      .all();
    expect(assigned.results).toEqual([{ repId: bodies[0].assignment.repId }]);
    expect(await teamLeads()).toBe(before + 1);
  });

  it("derives a keyed lead's id from its form and key: one id per (form, key), a valid UUID", async () => {
    const ids = await Promise.all([
      leadIdForKey("demo", "key-1"),
      leadIdForKey("demo", "key-1"),
      leadIdForKey("demo", "key-2"),
      leadIdForKey("guarded", "key-1"),
    ]);
    expect(ids[0]).toBe(ids[1]);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(z.uuid().safeParse(id).success, id).toBe(true);
  });

  it("takes a key again after its lead was erased (the key is gone, the id is not): a new lead", async () => {
    const fields = lead();
    const key = { headers: { "Idempotency-Key": "key-after-erasure-1" } };
    const first = await submit({ fields }, key).then((r) => r.json<any>());
    const erased = await admin("/v1/admin/privacy/erase", {
      method: "POST",
      body: { email: fields.email, confirm: fields.email },
    });
    expect(erased.status).toBe(200);
    const again = await submit({ fields }, key);
    expect(again.status).toBe(201);
    const body = await again.json<any>();
    expect(body.leadId).not.toBe(first.leadId);
    expect(body.assignment).not.toBeNull();
  });

  it("marks nothing unrouted when the request's own insert failed (the row of that id is another request's)", async () => {
    const db = database(env.DB);
    const theirs = newLeadRow(
      {
        formId: "demo",
        email: "race@analytical-engines.example",
        emailNormalized: "race@analytical-engines.example",
        fields: lead({ email: "race@analytical-engines.example" }),
        context: null,
        configVersion: null,
        idempotencyKey: "key-lost-insert-1",
      },
      NOW,
    );
    await insertLead(db, theirs);
    const lost = Promise.reject(new Error("UNIQUE constraint failed: leads.id"));
    lost.catch(() => {});
    const active = (await loadActiveConfig(db))!;
    const routed = await routeAndRecord({ env, db, now: NOW, active, lead: theirs, geo: {}, stored: lost });
    expect(routed.status).toBe("unrouted");
    expect(
      await env.DB.prepare("SELECT status, routing_attempts AS n FROM leads WHERE id = ?")
        .bind(theirs.id)
        .first(),
    ).toEqual({
      status: "received",
      n: 0,
    });
  });

  it("refuses an Idempotency-Key reused with a different body, and stores nothing", async () => {
    const fields = lead();
    await submit({ fields }, { headers: { "Idempotency-Key": "key-reused-1" } });
    const [leads, assignments] = [await countRows("leads"), await countRows("assignments")];
    const changed = await submit(
      { fields: { ...fields, first_name: "Changed" } },
      { headers: { "Idempotency-Key": "key-reused-1" } },
    );
    expect(changed.status).toBe(422);
    expect((await changed.json<any>()).error.code).toBe("idempotency_key_reused");
    expect([await countRows("leads"), await countRows("assignments")]).toEqual([leads, assignments]);
  });

  it("treats the same payload re-sent within seconds as the same lead", async () => {
    const fields = lead();
    const first = await submit({ fields }).then((r) => r.json<any>());
    const assignments = await countRows("assignments");
    const again = await submit({ fields });
    expect(again.status).toBe(200);
    expect((await again.json<any>()).leadId).toBe(first.leadId);
    expect(await countRows("assignments")).toBe(assignments);
  });

  it("drops a key-less lead's payload hash after an hour, and keeps a keyed lead's so key reuse is still refused", async () => {
    const keyless = await submit({ fields: lead() }).then((r) => r.json<any>());
    const keyedFields = lead();
    const keyed = await submit(
      { fields: keyedFields },
      { headers: { "Idempotency-Key": "key-kept-1" } },
    ).then((r) => r.json<any>());
    const row = (id: string) =>
      env.DB.prepare("SELECT payload_hash AS hash, created_at AS at FROM leads WHERE id = ?")
        .bind(id)
        .first<{ hash: string | null; at: number }>();
    const { at } = (await row(keyless.leadId))!;
    const compactAt = (now: number) => compactHistory.run({ db: database(env.DB), env, now });

    await compactAt(at + PAYLOAD_HASH_RETENTION_MS);
    expect((await row(keyless.leadId))!.hash).toMatch(/^[0-9a-f]{64}$/);
    await compactAt(at + PAYLOAD_HASH_RETENTION_MS + 1);
    expect((await row(keyless.leadId))!.hash).toBeNull();
    expect((await row(keyed.leadId))!.hash).toMatch(/^[0-9a-f]{64}$/);
    const reused = await submit(
      { fields: { ...keyedFields, first_name: "Changed" } },
      { headers: { "Idempotency-Key": "key-kept-1" } },
    );
    expect(reused.status).toBe(422);
  });
});

describe("CORS", () => {
  it("answers an allowed origin's preflight with CORS headers", async () => {
    const res = await call("/v1/forms/demo/submissions", {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:8787", "Access-Control-Request-Method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
    expect(res.headers.get("Access-Control-Allow-Headers")).toContain("Idempotency-Key");
  });

  it("gives a disallowed origin no CORS headers and writes nothing", async () => {
    const pre = await call("/v1/forms/demo/submissions", {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example" },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const before = await countRows("leads");
    const res = await submit({ fields: lead() }, { headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(await countRows("leads")).toBe(before);
  });

  it("lets an allowed origin read a 422 too", async () => {
    const res = await submit({ fields: {} }, { headers: { Origin: "http://localhost:8787" } });
    expect(res.status).toBe(422);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
  });
});

describe("abuse defences", () => {
  it("rate-limits one IP per form with 429 and Retry-After", async () => {
    const headers = { "CF-Connecting-IP": "203.0.113.7" };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await submit({ fields: {} }, { headers })).status);
    expect(statuses.slice(0, 10).every((s) => s === 422)).toBe(true);
    const limited = await submit({ fields: lead() }, { headers });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another IP is unaffected.
    expect((await submit({ fields: {} }, { headers: { "CF-Connecting-IP": "203.0.113.8" } })).status).toBe(
      422,
    );
  });

  it("without a client address, limits in a shared bucket larger than one client's", async () => {
    const { rateLimitSlot, UNIDENTIFIED_LIMIT, SUBMISSION_LIMIT } =
      await import("../../worker/intake/rate-limit");
    expect((await rateLimitSlot("demo", undefined)).limit).toBe(UNIDENTIFIED_LIMIT);
    const statuses: number[] = [];
    const anonymous = () => {
      const headers = new Headers({ "Content-Type": "application/json" });
      return call("/v1/forms/demo/submissions", {
        method: "POST",
        headers,
        body: JSON.stringify({ fields: {} }),
      });
    };
    for (let i = 0; i <= SUBMISSION_LIMIT; i++) statuses.push((await anonymous()).status);
    expect(statuses.every((s) => s === 422)).toBe(true);
  });

  it("behind a proxy, reads only the CLIENT_IP_HEADER it names, the proxy's last X-Forwarded-For entry", async () => {
    const { clientAddress } = await import("../../worker/intake/rate-limit");
    const h = new Headers({ "CF-Connecting-IP": "203.0.113.1", "X-Forwarded-For": "6.6.6.6, 198.51.100.9" });
    expect(clientAddress(h, {})).toBe("203.0.113.1");
    expect(clientAddress(h, { CLIENT_IP_HEADER: "X-Forwarded-For" })).toBe("198.51.100.9");
    expect(
      clientAddress(new Headers({ "CF-Connecting-IP": "203.0.113.1" }), { CLIENT_IP_HEADER: "X-Real-IP" }),
    ).toBe(undefined);
  });

  it("verifies Turnstile when the form enables it, and a token works once", async () => {
    const missing = await submit({ fields: lead() }, { formId: "guarded" });
    expect(missing.status).toBe(403);
    const ok = await submit({ fields: lead(), turnstileToken: "pass-once" }, { formId: "guarded" });
    expect(ok.status).toBe(201);
    const before = await countRows("leads");
    const replayed = await submit({ fields: lead(), turnstileToken: "pass-once" }, { formId: "guarded" });
    expect(replayed.status).toBe(403);
    expect((await replayed.json<any>()).error.details.reason).toBe("timeout-or-duplicate");
    expect(await countRows("leads")).toBe(before);
  });
});

/**
 * Submitting the same lead twice: an Idempotency-Key replayed, raced or reused, and the
 * payload-hash dedupe of a key-less lead. The rest of intake is in intake.test.ts.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, callSettled, countRows } from "./helpers";
import { lead, nextClientIp, NOW, setUpIntakeFile, submit } from "./intake-fixtures";
import { compactHistory, PAYLOAD_HASH_RETENTION_MS } from "../../worker/capacity/compact";
import { database } from "../../worker/db/client";
import { loadActiveConfig } from "../../worker/config/store";
import { insertLead, newLeadRow } from "../../worker/leads/lead-queries";
import { routeAndRecord } from "../../worker/intake/route-lead";
import { leadIdForKey } from "../../worker/intake/submit";
import { z } from "zod";

setUpIntakeFile();

describe("POST /v1/forms/:formId/submissions", () => {
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
          "CF-Connecting-IP": nextClientIp(),
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

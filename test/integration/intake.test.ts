import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, call, clone, countRows } from "./helpers";
import { lead, NOW, setUpIntakeFile, submit } from "./intake-fixtures";
import { readTrace } from "../../worker/leads/trace-codec";

setUpIntakeFile();

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

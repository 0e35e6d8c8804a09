/**
 * API contract checks against `wrangler dev` with the production config: the real workerd,
 * which refuses code generation from strings and anything else the vitest pool relaxes.
 * No browser; each check is one HTTP exchange a real integrator makes. wrangler.toml minifies
 * the Worker (`minify = true`), so these also run the minified bundle that is deployed.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBaton, type Baton } from "./server";

let baton: Baton;
beforeAll(async () => {
  baton = await startBaton();
});
afterAll(async () => {
  await baton?.stop();
});

function post(apiPath: string, body: string, type: string): Promise<Response> {
  return fetch(new URL(apiPath, baton.baseUrl), {
    method: "POST",
    headers: { Authorization: `Bearer ${baton.adminToken}`, "Content-Type": type },
    body,
  });
}

describe("under wrangler dev", () => {
  it("imports accounts from a text/csv body", async () => {
    const csv = 'domain,name,owner_rep_id\r\nruntime-one.com,"Runtime, Inc.",rachel-kim\r\n';
    const res = await post("/v1/admin/accounts/import", csv, "text/csv");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ received: 1, created: 1, updated: 0 });
  });

  it("backtests a text/csv body of leads", async () => {
    const { version } = await baton.admin("GET", "/v1/admin/config");
    const csv = "lead_id,email,country\nr1,ann@example.org,US\n";
    const res = await post(`/v1/admin/config/versions/${version}/backtest?formId=demo`, csv, "text/csv");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as any).summary).toMatchObject({ total: 1 });
  });

  it("routes a submission, lists slots with its bookmark and books one", async () => {
    const json = { "Content-Type": "application/json" };
    const submitted = await fetch(new URL("/v1/forms/demo/submissions", baton.baseUrl), {
      method: "POST",
      headers: json,
      body: JSON.stringify({
        fields: {
          first_name: "Run",
          last_name: "Time",
          email: `runtime.${Date.now()}@analytical.example`,
          company: "Analytical Engines",
          employees: "500-999",
          country: "DE",
        },
      }),
    });
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const lead = (await submitted.json()) as { leadId: string; bookingToken: string };
    const bookmark = submitted.headers.get("X-D1-Bookmark");
    expect(bookmark).toBeTruthy();

    const query = new URLSearchParams({ bookingToken: lead.bookingToken, bookmark: bookmark! });
    const slots = await fetch(new URL(`/v1/leads/${lead.leadId}/slots?${query}`, baton.baseUrl));
    expect(slots.status, await slots.clone().text()).toBe(200);
    const [first] = ((await slots.json()) as { slots: { start: string }[] }).slots;
    const booked = await fetch(new URL(`/v1/leads/${lead.leadId}/bookings`, baton.baseUrl), {
      method: "POST",
      headers: { ...json, "X-D1-Bookmark": slots.headers.get("X-D1-Bookmark") ?? bookmark! },
      body: JSON.stringify({
        start: first!.start,
        bookingToken: lead.bookingToken,
        timezone: "Europe/Berlin",
      }),
    });
    expect(booked.status, await booked.clone().text()).toBe(201);
  });

  it("answers a malformed request with zod's English messages (the bundle aliases zod without its locales)", async () => {
    const res = await fetch(new URL("/v1/leads/no-such-lead/slots", baton.baseUrl));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: {
        details: {
          errors: [{ path: ["bookingToken"], message: "Invalid input: expected string, received undefined" }],
        },
      },
    });
  });

  it("serves the OpenAPI document built from the zod contracts", async () => {
    const res = await fetch(new URL("/openapi.json", baton.baseUrl));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain("/v1/forms/{formId}/submissions");
  });

  it("turns an .eml posted to wrangler dev's local email endpoint into one routed lead with a reply, and drops an auto-reply and a bounce", async () => {
    const { config } = await baton.admin("GET", "/v1/admin/config");
    const sales = "sales@baton.example";
    const withEmail = {
      ...config,
      email: {
        addresses: [sales],
        ruleSetId: config.forms[0].ruleSetId,
        reply: { from: sales, fromName: "Baton Sales" },
      },
    };
    await baton.admin("POST", "/v1/admin/config/versions?publish=true", withEmail);
    const fixture = (name: string) =>
      readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url), "utf8");
    const send = (eml: string, from: string) =>
      fetch(new URL(`/cdn-cgi/handler/email?${new URLSearchParams({ from, to: sales })}`, baton.baseUrl), {
        method: "POST",
        body: eml,
      });
    const leads = async () =>
      ((await baton.admin("GET", "/v1/admin/leads?limit=100")).leads as { email: string | null }[]).filter(
        (l) => l.email === "ada@analytical.example",
      ).length;
    for (let i = 0; i < 2; i++) {
      const res = await send(fixture("enquiry.eml"), "ada@analytical.example");
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    for (const [name, from] of [
      ["out-of-office.eml", "ada@analytical.example"],
      ["bounce.eml", "MAILER-DAEMON@mail.analytical.example"],
    ]) {
      const res = await send(fixture(name!), from!);
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    expect(await leads()).toBe(1);
    // Newest first: the bounce and the auto-reply dropped with their reasons, the second
    // delivery a duplicate of the first, which made the lead and was answered.
    const { emails } = await baton.admin("GET", "/v1/admin/inbound-emails?limit=4");
    expect(emails.map((e: any) => [e.outcome, e.reason, e.replied])).toEqual([
      ["dropped", "bounce", false],
      ["dropped", "auto_reply", false],
      ["duplicate", "duplicate", false],
      ["lead", null, true],
    ]);
    const leadId = emails[3].leadId;
    const { lead } = await baton.admin("GET", `/v1/admin/leads/${leadId}`);
    expect(lead).toMatchObject({ status: "routed", formId: "email:inbound" });
    // The assigned rep's notice, with the original text, reaches the dev outbox after the answer.
    const notice = async () =>
      ((await baton.admin("GET", "/v1/admin/outbox")).emails as any[]).find(
        (m) => m.leadId === leadId && m.subject.startsWith("New lead: Ada Lovelace"),
      );
    await expect.poll(notice, { timeout: 20_000 }).toBeTruthy();
    expect((await notice()).text).toContain("Do you integrate with HubSpot?");
  });
});

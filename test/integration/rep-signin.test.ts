import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { NotificationMessage } from "../../worker/notify/channel";
import type { RepLeads } from "../../worker/reps/contract";
import { acceptUrl } from "../../worker/notify/accept-link";
import { archiveJob } from "../../worker/archive/archive-job";
import { database } from "../../worker/db/client";
import { assignmentsOf, publish, request, slaConfig, submitLead } from "./sla-fixtures";

// Tuesday 1 December 2026, 10:00 in New York.
const T0 = Date.UTC(2026, 11, 1, 15, 0);
const MIN = 60_000;
const AVA = "ava.thompson@baton.example";

let sent: NotificationMessage[] = [];
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockImplementation(async (batch) => {
    sent.push(...[...batch].map((m) => m.body as NotificationMessage));
    return {} as QueueSendBatchResponse;
  });
  await publish(slaConfig({}));
});
afterAll(() => vi.useRealTimers());

const json = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });

/** Asks for a link at `at`; returns the token of the email it queued, or null when none was. */
async function askLink(email: string, at: number): Promise<string | null> {
  vi.setSystemTime(at);
  sent = [];
  const res = await request("/v1/rep/auth/link", json({ email }));
  expect(res.status).toBe(202);
  const mail = sent.find((m) => m.eventType === "rep.signin_link");
  if (!mail) return null;
  const text = (mail.payload as { to: string; text: string }).text;
  expect((mail.payload as { to: string }).to).toBe(email);
  return /#signin=([\w.-]+)/.exec(text)![1]!;
}

async function signIn(token: string, at: number): Promise<Response> {
  vi.setSystemTime(at);
  return request("/v1/rep/auth/session", json({ token }));
}

const cookieOf = (res: Response) => res.headers.get("Set-Cookie")!.split(";")[0]!;
const asRep = (cookie: string, path: string, init: RequestInit = {}) =>
  request(path, { ...init, headers: { Cookie: cookie, ...init.headers } });

describe("rep sign-in by magic link", () => {
  it("emails a single-use link and answers a stranger the same without sending anything", async () => {
    expect(await askLink("nobody@elsewhere.example", T0)).toBeNull();
    const token = await askLink(AVA, T0);
    expect(token).not.toBeNull();
    const first = await signIn(token!, T0 + MIN);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ repId: "ava-thompson" });
    const again = await signIn(token!, T0 + 2 * MIN);
    expect(again.status).toBe(401);
    expect(again.headers.get("Set-Cookie")).toBeNull();
  });

  it("sets a session cookie that is HttpOnly, Secure, SameSite=Lax and scoped to the rep API", async () => {
    const res = await signIn((await askLink(AVA, T0 + 20 * MIN))!, T0 + 20 * MIN);
    const attrs = res.headers.get("Set-Cookie")!.split(/;\s*/);
    expect(attrs[0]).toMatch(/^baton_session=[\w-]{40,}$/);
    expect(attrs).toEqual(expect.arrayContaining(["HttpOnly", "Secure", "SameSite=Lax", "Path=/v1/rep"]));
    const me = await asRep(cookieOf(res), "/v1/rep/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ rep: { id: "ava-thompson", email: AVA } });
  });

  it("refuses a link after 15 minutes, a tampered one and an accept token", async () => {
    const token = (await askLink(AVA, T0 + 40 * MIN))!;
    expect((await signIn(token, T0 + 55 * MIN + 1)).status).toBe(401);
    const [body, mac] = token.split(".");
    const flipped = mac![0] === "A" ? "B" : "A";
    expect((await signIn(`${body}.${flipped}${mac!.slice(1)}`, T0 + 41 * MIN)).status).toBe(401);
    const accept = (await acceptUrl(env, "x:0", T0)).split("/").pop()!;
    expect((await signIn(accept, T0 + 41 * MIN)).status).toBe(401);
  });

  it("sends at most 3 links per rep in 15 minutes, then again once the window passes", async () => {
    const at = T0 + 3 * 60 * MIN;
    const tokens = [];
    for (let i = 0; i < 4; i++) tokens.push(await askLink(AVA, at + i * MIN));
    expect(tokens.map((t) => t !== null)).toEqual([true, true, true, false]);
    expect(await askLink(AVA, at + 16 * MIN)).not.toBeNull();
  });

  it("revokes: signing out kills the cookie, and an admin signs a rep out everywhere", async () => {
    const at = T0 + 5 * 60 * MIN;
    const a = cookieOf(await signIn((await askLink(AVA, at))!, at));
    const b = cookieOf(await signIn((await askLink(AVA, at + MIN))!, at + MIN));
    expect((await asRep(a, "/v1/rep/auth/logout", { method: "POST" })).status).toBe(204);
    expect((await asRep(a, "/v1/rep/me")).status).toBe(401);
    expect((await asRep(b, "/v1/rep/me")).status).toBe(200);
    const res = await request("/v1/admin/reps/ava-thompson/sessions", { method: "DELETE", admin: true });
    // Earlier tests' sessions of the rep go too.
    expect((await res.json<{ revoked: number }>()).revoked).toBeGreaterThanOrEqual(2);
    expect((await asRep(b, "/v1/rep/me")).status).toBe(401);
    expect((await request("/v1/rep/me")).status).toBe(401);
  });
});

describe("sign-in through a notice", () => {
  it("puts a single-use sign-in link in the rep's own new-lead email, valid for days", async () => {
    const at = T0 + 11 * 60 * MIN;
    sent = [];
    const leadId = await submitLead(at);
    const repId = (await assignmentsOf(leadId))[0]!.rep_id;
    const mail = sent.find(
      (m) => m.channel === "email" && m.eventType === "lead.routed" && m.id.includes(repId),
    )!;
    const token = /#signin=([\w.-]+)/.exec((mail.payload as { text: string }).text)![1]!;
    const res = await signIn(token, at + 3 * 86_400_000);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ repId });
    expect((await signIn(token, at + 3 * 86_400_000 + MIN)).status).toBe(401);
  });
});

describe("a rep session sees only the rep's own data", () => {
  it("lists only its leads, accepts its own, and gets 403 on another rep's", async () => {
    const at = T0 + 7 * 60 * MIN;
    // round_robin over five SDRs: five leads reach five different reps.
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await submitLead(at + i * MIN));
    const owner = new Map<string, string>();
    for (const id of ids) owner.set(id, (await assignmentsOf(id))[0]!.rep_id);
    const mine = ids.filter((id) => owner.get(id) === "ava-thompson");
    const other = ids.find((id) => owner.get(id) !== "ava-thompson")!;
    expect(mine.length).toBeGreaterThan(0);
    expect(other).toBeDefined();

    const cookie = cookieOf(await signIn((await askLink(AVA, at + 10 * MIN))!, at + 10 * MIN));
    const list = await (await asRep(cookie, "/v1/rep/leads")).json<RepLeads>();
    const listed = list.leads.map((l) => l.leadId);
    expect(listed).toContain(mine[0]);
    expect(listed.every((id) => owner.get(id) === undefined || owner.get(id) === "ava-thompson")).toBe(true);
    const lead = list.leads.find((l) => l.leadId === mine[0])!;
    expect(lead).toMatchObject({ status: "active", company: "Cobol Inc" });
    expect(lead.acceptDeadline).toBeGreaterThan(lead.assignedAt);
    expect(lead.why).toContain("round_robin");
    // Once the lead is archived to R2 (worker/archive: its trace, then its decision rows into the
    // lead's object), the "why" reads the same.
    const aged = { db: database(env.DB), env, now: at + 91 * 24 * 60 * MIN };
    while ((await archiveJob.run(aged)).more);
    const archived = await env.DB.prepare("SELECT trace_z FROM routing_decisions WHERE lead_id = ?")
      .bind(mine[0])
      .first();
    expect(archived).toBeNull();
    const relisted = await (await asRep(cookie, "/v1/rep/leads")).json<RepLeads>();
    expect(relisted.leads.find((l) => l.leadId === mine[0])!.why).toBe(lead.why);

    const theirs = await asRep(cookie, `/v1/rep/leads/${other}/accept`, { method: "POST" });
    expect(theirs.status).toBe(403);
    expect((await assignmentsOf(other))[0]!.status).toBe("active");
    const own = await asRep(cookie, `/v1/rep/leads/${mine[0]}/accept`, { method: "POST" });
    expect(own.status).toBe(200);
    expect((await assignmentsOf(mine[0]!))[0]!.status).toBe("accepted");

    const outcome = (leadId: string) =>
      asRep(cookie, `/v1/rep/leads/${leadId}/outcomes`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ kind: "qualified" }),
      });
    expect((await outcome(other)).status).toBe(403);
    expect((await outcome(mine[0]!)).status).toBe(201);
    const kinds = await env.DB.prepare("SELECT lead_id, rep_id, kind FROM outcomes WHERE lead_id IN (?, ?)")
      .bind(mine[0]!, other)
      .all();
    expect(kinds.results).toEqual([{ lead_id: mine[0], rep_id: "ava-thompson", kind: "qualified" }]);
  });

  it("is refused on every admin route, and an admin token is refused on the rep API", async () => {
    const at = T0 + 9 * 60 * MIN;
    const cookie = cookieOf(await signIn((await askLink(AVA, at))!, at));
    expect((await asRep(cookie, "/v1/admin/leads")).status).toBe(401);
    expect((await request("/v1/rep/leads", { admin: true })).status).toBe(401);
  });
});

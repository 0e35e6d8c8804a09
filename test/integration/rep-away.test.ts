import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { NotificationMessage } from "../../worker/notify/channel";
import { assignmentsOf, publish, request, slaConfig, submitLead } from "./sla-fixtures";

const T0 = Date.UTC(2026, 11, 1, 15, 0);
const MIN = 60_000;
const AVA = "ava-thompson";
let cookie = "";

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  let sent: NotificationMessage[] = [];
  vi.spyOn(env.NOTIFICATIONS, "sendBatch").mockImplementation(async (batch) => {
    sent.push(...[...batch].map((m) => m.body as NotificationMessage));
    return {} as QueueSendBatchResponse;
  });
  // Weighted, so a rep back from an absence is calibrated (round_robin has no shares).
  const config = slaConfig({});
  config.teams.find((t) => t.id === "sdr-na")!.distribution = {
    mode: "weighted",
    requireWorkingHours: false,
  } as never;
  await publish(config);
  sent = [];
  await request("/v1/rep/auth/link", {
    method: "POST",
    body: JSON.stringify({ email: "ava.thompson@baton.example" }),
  });
  const token = /#signin=([\w.-]+)/.exec((sent[0]!.payload as { text: string }).text)![1]!;
  const res = await request("/v1/rep/auth/session", { method: "POST", body: JSON.stringify({ token }) });
  cookie = res.headers.get("Set-Cookie")!.split(";")[0]!;
});
afterAll(() => vi.useRealTimers());

const asAva = (path: string, init: RequestInit = {}) =>
  request(path, { ...init, headers: { Cookie: cookie, "Content-Type": "application/json" } });
const repsOf = async (ids: string[]) =>
  Promise.all(ids.map(async (id) => (await assignmentsOf(id))[0]!.rep_id));

describe("I'm out", () => {
  it("stops routing to the rep from the next lead, is audited, visible to admins, and calibrates on return", async () => {
    // Before: the team has counts, so a returning rep's calibration means something.
    for (let i = 0; i < 5; i++) await submitLead(T0 + i * MIN);

    vi.setSystemTime(T0 + 10 * MIN);
    const until = T0 + 2 * 86_400_000;
    const out = await asAva("/v1/rep/away", {
      method: "PUT",
      body: JSON.stringify({ until, reason: "sick" }),
    });
    expect(out.status).toBe(200);
    expect(await out.json()).toMatchObject({
      away: { endAt: until },
      teams: expect.arrayContaining(["sdr-na"]),
    });

    const during = [];
    for (let i = 0; i < 8; i++) during.push(await submitLead(T0 + (11 + i) * MIN));
    expect(await repsOf(during)).not.toContain(AVA);

    const listed = await (await request("/v1/admin/reps/away", { admin: true })).json<any>();
    expect(listed.away).toEqual([
      expect.objectContaining({ repId: AVA, endAt: until, reason: "sick", setBy: "rep" }),
    ]);
    const audit = await (await request("/v1/admin/audit", { admin: true })).json<any>();
    expect(audit.entries.find((e: any) => e.action === "rep.away_set")).toMatchObject({
      target: `rep:${AVA}`,
    });
    expect((await (await asAva("/v1/rep/me")).json<any>()).away).toMatchObject({ endAt: until });

    // Back early: routable on the next lead, calibrated to the others instead of flooded.
    vi.setSystemTime(T0 + 30 * MIN);
    expect((await asAva("/v1/rep/away", { method: "DELETE" })).status).toBe(204);
    const after = [];
    for (let i = 0; i < 2; i++) after.push(await submitLead(T0 + (31 + i) * MIN));
    const status = await env.TEAM.getByName("sdr-na").status();
    expect(status.reps[AVA]!.calibration).toBeGreaterThan(0);
    expect((await repsOf(after)).filter((r) => r === AVA).length).toBeLessThanOrEqual(1);
    expect((await (await request("/v1/admin/reps/away", { admin: true })).json<any>()).away).toEqual([]);
  });

  it("refuses a date in the past or more than 90 days ahead", async () => {
    vi.setSystemTime(T0 + 60 * MIN);
    for (const until of [T0, T0 + 91 * 86_400_000, "tomorrow"]) {
      const res = await asAva("/v1/rep/away", { method: "PUT", body: JSON.stringify({ until }) });
      expect(res.status).toBe(422);
    }
    expect((await (await request("/v1/admin/reps/away", { admin: true })).json<any>()).away).toEqual([]);
  });

  it("also holds for a rule that names the rep and for accounts the rep owns: their fallback team gets those leads", async () => {
    vi.setSystemTime(T0 + 70 * MIN);
    const config = slaConfig({});
    config.ruleSets
      .find((s) => s.id === "default")!
      .rules.unshift({
        id: "named-ava",
        name: "Ava's referrals",
        when: { fact: "email_domain", op: "eq", value: "avafans.com" },
        then: { type: "rep", repId: AVA, fallbackTeamId: "sdr-na" },
      } as never);
    await publish(config);
    const imported = await request("/v1/admin/accounts/import", {
      method: "POST",
      admin: true,
      body: JSON.stringify({ accounts: [{ domain: "avacorp.com", name: "Ava Corp", ownerRepId: AVA }] }),
    });
    expect(imported.status).toBe(200);
    let n = 0;
    const lead = async (domain: string) => {
      const res = await request("/v1/forms/demo/submissions", {
        method: "POST",
        headers: { "CF-Connecting-IP": `198.51.100.${++n}` },
        body: JSON.stringify({
          fields: {
            first_name: "Lin",
            last_name: `Out${n}`,
            email: `lin${n}@${domain}`,
            company: "X",
            employees: "1-49",
            country: "US",
          },
        }),
      });
      expect(res.status).toBe(201);
      const body = await res.json<any>();
      const detail = await (await request(`/v1/admin/leads/${body.leadId}`, { admin: true })).json<any>();
      return { ...body.assignment, trace: detail.decisions.at(-1).trace.distribution };
    };
    // In: both rules give Ava the lead by name.
    expect(await lead("avafans.com")).toMatchObject({ repId: AVA, ruleId: "named-ava" });
    expect(await lead("avacorp.com")).toMatchObject({ repId: AVA, ruleId: "existing-account" });

    const out = await asAva("/v1/rep/away", {
      method: "PUT",
      body: JSON.stringify({ until: T0 + 86_400_000 }),
    });
    expect(out.status).toBe(200);
    for (const [domain, destination] of [
      ["avafans.com", "rep"],
      ["avacorp.com", "account_owner"],
    ] as const) {
      const routed = await lead(domain);
      expect(routed.repId).not.toBe(AVA);
      expect(routed.teamId).toBe("sdr-na");
      expect(routed.trace[0]).toEqual({ skipped: { repId: AVA, reasons: ["ooo"], destination } });
    }

    vi.setSystemTime(T0 + 80 * MIN);
    expect((await asAva("/v1/rep/away", { method: "DELETE" })).status).toBe(204);
    expect(await lead("avafans.com")).toMatchObject({ repId: AVA });
  });
});

describe("My hours and my calendar", () => {
  const put = (body: unknown) => asAva("/v1/rep/hours", { method: "PUT", body: JSON.stringify(body) });
  const MON_10_11 = { mon: [{ start: "10:00", end: "11:00" }] };
  /** Starts (UTC ISO) of the slots a new sdr-na lead is offered; Ava is the team's only member. */
  const offered = async (n: number) => {
    const res = await request("/v1/forms/demo/submissions", {
      method: "POST",
      headers: { "CF-Connecting-IP": `192.0.2.${n}` },
      body: JSON.stringify({
        fields: {
          first_name: "Kay",
          last_name: `H${n}`,
          company: "Hours Inc",
          email: `kay${n}@hours.example`,
          employees: "1-49",
          country: "US",
        },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = await res.json<{ assignment: { repId: string }; slots: { start: string }[] }>();
    expect(body.assignment.repId).toBe(AVA);
    return body.slots.map((s) => s.start);
  };

  it("lets the rep change only its own hours, only when the org allows, and slots follow at once", async () => {
    vi.setSystemTime(T0 + 100 * MIN);
    expect(await (await asAva("/v1/rep/hours")).json()).toMatchObject({ editable: false });
    expect((await put({ workingHours: MON_10_11 })).status).toBe(403);

    const config = slaConfig({});
    config.org.repsMayEditHours = true;
    const team = config.teams.find((t) => t.id === "sdr-na")!;
    team.members = [{ repId: AVA, weight: 1 }] as typeof team.members;
    await publish(config);
    expect((await offered(1)).some((s) => new Date(s).getUTCDay() !== 1)).toBe(true);

    expect((await put({ workingHours: MON_10_11, repId: "marcus-johnson" })).status).toBe(403);
    for (const workingHours of [{ mon: [{ start: "11:00", end: "10:00" }] }, { monday: [] }, "9-5"])
      expect((await put({ workingHours })).status).toBe(422);
    const done = await put({ workingHours: MON_10_11, repId: AVA });
    expect(done.status).toBe(200);

    const live = await (await request("/v1/admin/config", { admin: true })).json<any>();
    const reps = new Map(live.config.reps.map((r: any) => [r.id, r.workingHours]));
    expect(reps.get(AVA)).toEqual(MON_10_11);
    expect(reps.get("marcus-johnson")).toEqual(
      config.reps.find((r) => r.id === "marcus-johnson")!.workingHours,
    );
    const audit = await (await request("/v1/admin/audit", { admin: true })).json<any>();
    // Same clock reading as the admin's publish above: find the rep's entries, not the first.
    expect(
      audit.entries.filter((e: any) => e.actor === `session:rep:${AVA}`).map((e: any) => e.action),
    ).toEqual(expect.arrayContaining(["config.draft_created", "config.published"]));
    expect(await (await asAva("/v1/rep/hours")).json()).toEqual({
      workingHours: MON_10_11,
      timezone: "America/New_York",
      editable: true,
    });
    // Mondays 10:00-11:00 New York (UTC-5 in December): 15:00 and 15:30 UTC only.
    const starts = await offered(2);
    expect(starts.length).toBeGreaterThan(0);
    for (const s of starts) {
      const d = new Date(s);
      expect([d.getUTCDay(), d.getUTCHours()], s).toEqual([1, 15]);
    }
  });

  it("refuses an admin's save or publish made before a rep changed their hours, so the hours are not undone", async () => {
    const TUE_9_10 = { tue: [{ start: "09:00", end: "10:00" }] };
    const config = slaConfig({});
    config.org.repsMayEditHours = true;
    await publish(config);
    const opened = await (await request("/v1/admin/config", { admin: true })).json<any>();
    const draft = structuredClone(opened.config);
    draft.ruleSets[0].rules[0].name = "Edited while the rep changed their hours";
    const save = (basedOn: number) =>
      request(`/v1/admin/config/versions?basedOn=${basedOn}`, {
        method: "POST",
        admin: true,
        body: JSON.stringify(draft),
      });
    const saved = await save(opened.version);
    expect(saved.status, await saved.clone().text()).toBe(201);
    const draftVersion = (await saved.json<any>()).version;

    expect((await put({ workingHours: TUE_9_10 })).status).toBe(200);

    const published = await request(
      `/v1/admin/config/versions/${draftVersion}/publish?expectActive=${opened.version}`,
      { method: "POST", admin: true },
    );
    expect(published.status).toBe(409);
    expect((await published.json<any>()).error).toMatchObject({
      code: "stale_config",
      message: expect.stringMatching(/^Version \d+ went live after you opened version \d+\. Reload/),
    });
    draft.ruleSets[0].rules[0].name = "Edited again";
    const again = await save(draftVersion);
    expect(again.status).toBe(409);
    expect((await again.json<any>()).error.message).toMatch(/changed their working hours/);

    const live = await (await request("/v1/admin/config", { admin: true })).json<any>();
    expect(live.config.reps.find((r: any) => r.id === AVA).workingHours).toEqual(TUE_9_10);
    expect(live.config.ruleSets[0].rules[0].name).toBe(opened.config.ruleSets[0].rules[0].name);
  });

  it("connects the rep's own calendar only, and only when the org allows", async () => {
    const connect = (body: unknown) =>
      asAva("/v1/rep/calendar/connect", { method: "POST", body: JSON.stringify(body) });
    expect(await (await asAva("/v1/rep/calendar")).json()).toEqual({ allowed: false, connection: null });
    expect((await connect({ provider: "google" })).status).toBe(403);

    const config = slaConfig({});
    config.org.repsMayConnectCalendar = true;
    await publish(config);
    expect((await (await asAva("/v1/rep/calendar")).json<any>()).allowed).toBe(true);
    expect((await connect({ provider: "google", repId: "marcus-johnson" })).status).toBe(403);
    expect((await connect({ provider: "outlook" })).status).toBe(422);
    const res = await connect({ provider: "google", repId: AVA });
    expect(res.status).toBe(200);
    // The signed state names the session's rep: Google's callback stores the grant for Ava alone.
    const state = new URL((await res.json<{ url: string }>()).url).searchParams.get("state")!;
    const payload = JSON.parse(atob(state.split(".")[0]!.replaceAll("-", "+").replaceAll("_", "/")));
    expect(payload).toMatchObject({
      p: "google_connect",
      repId: AVA,
      actor: { kind: "session", repId: AVA },
    });
  });
});

import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, callSettled, clone } from "./helpers";
import { NOW } from "./intake-fixtures";

// A rep's caps hold per rep, across every destination: a team object also counts the leads the
// rep took directly (named rep, account owner) and through its other teams. Each submission is
// settled (its outbox run), as the note to the team objects travels after the answer.
const DAY_MS = 86_400_000;
const CAP = 2;

let n = 0;
async function submit(email: string, utmSource?: string) {
  const res = await callSettled("/v1/forms/demo/submissions", {
    method: "POST",
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": `203.0.113.${++n}` },
    body: JSON.stringify({
      fields: { first_name: "Kim", last_name: "Lee", email, company: "Co", employees: "1-49", country: "US" },
      ...(utmSource ? { context: { utm: { utm_source: utmSource } } } : {}),
    }),
  });
  expect(res.status).toBe(201);
  return res.json<{
    leadId: string;
    assignment: { repId: string; teamId: string | null };
    slots: { start: string }[];
    bookingToken: string;
  }>();
}

/** A rep's line (Rachel's by default) in the team attempt of the lead's trace. */
async function repIn(leadId: string, teamId: string, repId = "rachel-kim") {
  const detail = await (await admin(`/v1/admin/leads/${leadId}`)).json<any>();
  const attempt = detail.decisions.at(-1).trace.distribution.find((a: any) => a.teamId === teamId);
  return attempt.explanation.find((e: any) => e.repId === repId);
}

const team = (id: string, other: string) => ({
  ...clone(demoConfig.teams[0]!),
  id,
  name: id,
  // Rachel first on any fresh count: without the caps across destinations she gets the lead.
  members: [
    { repId: "rachel-kim", weight: 1, priority: 5 },
    { repId: other, weight: 1 },
  ],
});

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const config = clone(demoConfig);
  config.reps.find((r) => r.id === "rachel-kim")!.caps = { perDay: CAP, perWeek: 15 };
  config.reps.find((r) => r.id === "ava-thompson")!.caps = { perDay: 1 };
  config.teams.push(
    { ...team("solo", "rachel-kim"), members: [{ repId: "rachel-kim", weight: 1 }] },
    team("pair", "ava-thompson"),
    team("pair2", "marcus-johnson"),
    {
      ...team("pool", "ava-thompson"),
      members: [
        { repId: "rachel-kim", weight: 10 },
        { repId: "ava-thompson", weight: 1 },
      ],
      distribution: { mode: "availability", countingWindow: "week", requireWorkingHours: false },
    },
    {
      ...team("ava2", "marcus-johnson"),
      members: [
        { repId: "ava-thompson", weight: 1, priority: 5 },
        { repId: "marcus-johnson", weight: 1 },
      ],
    },
    {
      ...team("swap", "marcus-johnson"),
      members: [
        { repId: "marcus-johnson", weight: 1, priority: 5 },
        { repId: "rachel-kim", weight: 1 },
      ],
    },
  );
  config.ruleSets[0]!.rules = [
    {
      id: "existing-account",
      name: "Known account goes to its owner",
      when: { fact: "account.matched", op: "eq", value: true },
      then: { type: "account_owner", fallbackTeamId: "pair" },
    },
    {
      id: "solo",
      name: "Rachel's own team",
      when: { fact: "utm.source", op: "eq", value: "solo" },
      then: { type: "team", teamId: "solo" },
    },
    {
      id: "pair2",
      name: "Rachel's third team",
      when: { fact: "utm.source", op: "eq", value: "pair2" },
      then: { type: "team", teamId: "pair2" },
    },
    ...["pool", "ava2"].map((id) => ({
      id,
      name: `Team ${id}`,
      when: { fact: "utm.source", op: "eq" as const, value: id },
      then: { type: "team" as const, teamId: id },
    })),
    {
      id: "swap",
      name: "Marcus first, Rachel second",
      when: { fact: "utm.source", op: "eq", value: "swap" },
      then: { type: "team", teamId: "swap" },
    },
  ];
  config.ruleSets[0]!.fallback = { type: "team", teamId: "pair" };
  const saved = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  expect(saved.status).toBe(201);
  await admin("/v1/admin/accounts/import", {
    method: "POST",
    body: { accounts: [{ domain: "globex.com", name: "Globex Corporation", ownerRepId: "rachel-kim" }] },
  });
});
afterAll(() => vi.useRealTimers());

describe("caps across destinations", () => {
  it("keeps a rep capped by account-owner leads out of plain team routing the same day", async () => {
    for (const who of ["a", "b"]) {
      const direct = await submit(`${who}@globex.com`);
      expect(direct.assignment).toMatchObject({ repId: "rachel-kim" });
    }
    const routed = await submit("plain@example.org");
    expect(routed.assignment).toMatchObject({ teamId: "pair", repId: "ava-thompson" });
    const rachel = await repIn(routed.leadId, "pair");
    expect(rachel.ineligibleReasons).toEqual(["cap_day"]);
    // The team's own count stays its own (fairness); the outside leads are shown beside it.
    expect(rachel).toMatchObject({ dayCount: 0, outside: { dayCount: CAP, weekCount: CAP } });
  });

  it("keeps a rep capped through one team out of her other team the same day", async () => {
    vi.setSystemTime(NOW + DAY_MS);
    for (const who of ["c", "d"]) {
      const own = await submit(`${who}@example.org`, "solo");
      expect(own.assignment).toMatchObject({ teamId: "solo", repId: "rachel-kim" });
    }
    const routed = await submit("other@example.org", "pair2");
    expect(routed.assignment).toMatchObject({ teamId: "pair2", repId: "marcus-johnson" });
    const rachel = await repIn(routed.leadId, "pair2");
    expect(rachel.ineligibleReasons).toEqual(["cap_day"]);
    expect(rachel.outside).toEqual({ dayCount: CAP, weekCount: CAP + 2 });
  });

  it("counts a lead moved to a rep by hand in her other teams", async () => {
    vi.setSystemTime(NOW + 2 * DAY_MS);
    const first = await submit("swapped@example.org", "swap");
    expect(first.assignment).toMatchObject({ teamId: "swap", repId: "marcus-johnson" });
    const moved = await callSettled(`/v1/admin/leads/${first.leadId}/reassign`, {
      method: "POST",
      headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({ toRepId: "rachel-kim", reason: "knows the account" }),
    });
    expect(moved.status).toBe(200);
    const own = await submit("own@example.org", "solo");
    expect(own.assignment).toMatchObject({ teamId: "solo", repId: "rachel-kim" });
    // Her day: the moved lead (team swap) and the solo lead; pair2 is told of both.
    const routed = await submit("third@example.org", "pair2");
    expect(routed.assignment).toMatchObject({ teamId: "pair2", repId: "marcus-johnson" });
    const rachel = await repIn(routed.leadId, "pair2");
    expect(rachel.ineligibleReasons).toEqual(["cap_day"]);
    expect(rachel.outside).toMatchObject({ dayCount: CAP });
  });

  it("counts a lead an availability team moved at booking in the new rep's other teams", async () => {
    vi.setSystemTime(NOW + 3 * DAY_MS);
    const book = async (lead: Awaited<ReturnType<typeof submit>>, start: string) => {
      const res = await callSettled(`/v1/leads/${lead.leadId}/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ start, bookingToken: lead.bookingToken }),
      });
      expect(res.status).toBe(201);
      return res.json<{ repId: string }>();
    };
    const first = await submit("pool1@example.org", "pool");
    const second = await submit("pool2@example.org", "pool");
    expect([first.assignment.repId, second.assignment.repId]).toEqual(["rachel-kim", "rachel-kim"]);
    const start = first.slots[0]!.start;
    expect(await book(first, start)).toMatchObject({ repId: "rachel-kim" });
    // Rachel is taken at that time: the pool gives the second meeting, and its lead, to Ava.
    expect(await book(second, start)).toMatchObject({ repId: "ava-thompson" });
    const routed = await submit("after@example.org", "ava2");
    expect(routed.assignment).toMatchObject({ teamId: "ava2", repId: "marcus-johnson" });
    const ava = await repIn(routed.leadId, "ava2", "ava-thompson");
    expect(ava).toMatchObject({ ineligibleReasons: ["cap_day"], outside: { dayCount: 1 } });
  });
});

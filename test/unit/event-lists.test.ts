import { describe, expect, it } from "vitest";
import {
  eventMappingProblems,
  fileProblem,
  guessEventMapping,
  listNameFrom,
  toEventRows,
} from "../../dashboard/src/data/event-import";
import { demoConfig } from "../../scripts/demo/config";
import { buildAccountIndex } from "../../worker/core/account-match";
import { validateConfig, type RoutingConfig } from "../../worker/core/config-doc";
import { forecastEventList, listIdentity, screenEventRows } from "../../worker/core/event-lists";
import { normalizeLead } from "../../worker/core/lead-facts";
import { startOfDay, startOfWeek } from "../../worker/core/time";

const NOW = Date.UTC(2026, 11, 1, 15, 0);

function parse(doc: unknown): RoutingConfig {
  const r = validateConfig(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

describe("screenEventRows", () => {
  it.each([
    ["a plain row", { email: "ada@acme.example" }, null],
    ["padding and case", { email: "  Ada@Acme.Example " }, null],
    ["no email cell", { name: "Ada" }, "no email address"],
    ["a blank email", { email: "   " }, "no email address"],
    ["no host", { email: "ada@" }, "not an email address: ada@"],
    ["no dot in the host", { email: "ada@localhost" }, "not an email address: ada@localhost"],
    [
      "a space inside",
      { email: "ada lovelace@acme.example" },
      "not an email address: ada lovelace@acme.example",
    ],
    ["an unknown field", { email: "ada@acme.example", shoe_size: "9" }, 'unknown field "shoe_size"'],
    [
      "an overlong cell",
      { email: "ada@acme.example", company: "x".repeat(501) },
      "company: longer than 500 characters",
    ],
  ])("%s", (_what, fields, reason) => {
    const { accepted, refused } = screenEventRows([{ row: 2, fields }]);
    if (reason === null)
      expect(accepted).toEqual([
        { row: 2, email: "ada@acme.example", fields: { ...fields, email: fields.email!.trim() } },
      ]);
    else expect(refused).toEqual([{ row: 2, reason, fields: expect.any(Object) }]);
  });

  it("refuses a person scanned twice, naming the first row", () => {
    const { accepted, refused } = screenEventRows([
      { row: 2, fields: { email: "ada@acme.example" } },
      { row: 3, fields: { email: "grace@navy.example" } },
      { row: 7, fields: { email: "ADA@acme.example " } },
    ]);
    expect(accepted.map((a) => a.row)).toEqual([2, 3]);
    expect(refused).toEqual([
      { row: 7, reason: "same email as row 2", fields: { email: "ADA@acme.example" } },
    ]);
  });

  it("names one event the same however it is spaced or cased", () => {
    expect(listIdentity("  Web   Summit 2026 ")).toBe(listIdentity("web summit 2026"));
    expect(listIdentity("Web Summit 2026")).not.toBe(listIdentity("Web Summit 2025"));
  });
});

/** The demo config with sdr-na as three weighted reps, one capped at 2 a day, and no rules but the fallback. */
function config(): RoutingConfig {
  const doc = structuredClone(demoConfig);
  const team = doc.teams.find((t) => t.id === "sdr-na")!;
  team.members = [
    { repId: "ava-thompson", weight: 1 },
    { repId: "marcus-johnson", weight: 1 },
    { repId: "priya-raman", weight: 2 },
  ];
  team.distribution = { mode: "weighted", requireWorkingHours: false };
  for (const rep of doc.reps) rep.caps = rep.id === "ava-thompson" ? { perDay: 2 } : {};
  doc.ruleSets[0]!.rules = [];
  return parse(doc);
}

const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ row: i + 2, fields: { email: `p${i}@expo${i}.example` } }));

function forecast(input: Partial<Parameters<typeof forecastEventList>[0]> = {}) {
  return forecastEventList({
    config: config(),
    ruleSetId: "default",
    rows: rows(12),
    accounts: buildAccountIndex([]),
    normalize: normalizeLead,
    teamStates: {},
    now: NOW,
    ...input,
  });
}

describe("forecastEventList", () => {
  it("splits a list by weight and stops at a rep's daily cap", () => {
    const { perRep, rows: out } = forecast();
    // Targets 3/3/6 by weight; Ava stops at her cap of 2 and the largest shortfall takes her third.
    expect(perRep).toEqual([
      { repId: "priya-raman", count: 7 },
      { repId: "marcus-johnson", count: 3 },
      { repId: "ava-thompson", count: 2 },
    ]);
    expect(out.every((r) => r.outcome === "route" && r.teamId === "sdr-na" && r.ruleId === "fallback")).toBe(
      true,
    );
  });

  it("starts from the team's counters: a rep already at the cap today gets nothing", () => {
    const first = forecast({ rows: rows(2) });
    expect(first.perRep.reduce((n, r) => n + r.count, 0)).toBe(2);
    const dayStart = startOfDay(NOW, "America/New_York"); // Ava's day
    const weekStart = startOfWeek(NOW, "America/New_York");
    const ava = {
      windowStart: weekStart,
      windowCount: 2,
      calibration: 0,
      dayStart,
      dayCount: 2,
      weekStart,
      weekCount: 2,
      open: 2,
      lastSeq: 2,
      lastAssignedAt: NOW - 60_000,
      away: false,
    };
    const state = { seq: 2, reps: { "ava-thompson": ava } };
    const { perRep } = forecast({ rows: rows(3), teamStates: { "sdr-na": state } });
    expect(perRep.find((r) => r.repId === "ava-thompson")).toBeUndefined();
  });

  it("holds a rep's cap across her teams: leads from the booth team count in sdr-na", () => {
    const doc = config();
    doc.teams.push({
      ...doc.teams[0]!,
      id: "booth",
      members: [{ repId: "ava-thompson", weight: 1, priority: 0 }],
    });
    doc.ruleSets[0]!.rules = [
      {
        id: "booth",
        name: "Booth visitors",
        when: { fact: "email_domain", op: "eq", value: "booth.example" },
        then: { type: "team", teamId: "booth" },
      },
    ];
    const booth = [2, 3].map((row) => ({ row, fields: { email: `v${row}@booth.example` } }));
    const { rows: out } = forecast({
      config: doc,
      rows: [...booth, ...rows(12).map((r) => ({ ...r, row: r.row + 2 }))],
    });
    expect(out.slice(0, 2).map((r) => [r.teamId, r.repId])).toEqual([
      ["booth", "ava-thompson"],
      ["booth", "ava-thompson"],
    ]);
    // Ava's cap of 2 a day is spent at the booth: sdr-na gives her nothing.
    expect(out.slice(2).filter((r) => r.repId === "ava-thompson")).toEqual([]);
  });

  it("counts nothing for rows that merge into an existing lead or repeat an earlier upload", () => {
    const input = rows(3).map((r, i) =>
      i === 0 ? { ...r, known: { kind: "merged" as const, leadId: "lead-1", repId: "ethan-cole" } } : r,
    );
    const { rows: out, perRep } = forecast({ rows: input });
    expect(out[0]).toEqual({
      row: 2,
      outcome: "merged",
      repId: "ethan-cole",
      teamId: null,
      ruleId: null,
      leadId: "lead-1",
    });
    expect(perRep.reduce((n, r) => n + r.count, 0)).toBe(2);
  });

  it("says when no rep can take a row: everyone capped and no other fallback", () => {
    const doc = config();
    const capped = { ...doc, reps: doc.reps.map((r) => ({ ...r, caps: { perDay: 1 } })) };
    const { rows: out } = forecast({ config: capped, rows: rows(4) });
    expect(out.map((r) => r.outcome)).toEqual(["route", "route", "route", "unroutable"]);
    expect(out[3]!.reason).toBe("no eligible rep at the destination or the fallback");
  });

  it("leaves its inputs as they were", () => {
    const states = { "sdr-na": { seq: 0, reps: {} } };
    const frozen = JSON.stringify(states);
    forecast({ teamStates: states });
    expect(JSON.stringify(states)).toBe(frozen);
  });
});

describe("the dashboard's event-list mapping", () => {
  it("recognises a webinar export's and a badge scanner's headers", () => {
    const zoom = guessEventMapping([
      "First Name",
      "Last Name",
      "Email",
      "Organization",
      "Job Title",
      "Country/Region",
    ]);
    expect(zoom).toMatchObject({
      email: "Email",
      first_name: "First Name",
      last_name: "Last Name",
      company: "Organization",
      title: "Job Title",
      country: "Country/Region",
      name: "",
    });
    const badge = guessEventMapping([
      "Badge ID",
      "Attendee Name",
      "E-mail Address",
      "Company Name",
      "Mobile",
    ]);
    expect(badge).toMatchObject({
      email: "E-mail Address",
      name: "Attendee Name",
      company: "Company Name",
      phone: "Mobile",
    });
  });

  it("blocks an upload with no email column or a column used twice", () => {
    const none = guessEventMapping(["Name", "Company"]);
    expect(eventMappingProblems(none)).toEqual([
      "Choose the column that holds the email address: every lead needs one.",
    ]);
    expect(eventMappingProblems({ ...guessEventMapping(["Email", "Name"]), company: "Name" })).toEqual([
      "Column “Name” is chosen for two fields (Full name and Company).",
    ]);
  });

  it.each([
    [5 * 1024 * 1024, undefined, "That file is 5.0 MB; the limit is 4 MB. Split it into smaller lists."],
    [1000, 0, "That file has a header row but no people under it."],
    [1000, 5001, "That file has 5,001 rows; one list takes at most 5,000. Split it."],
    [1000, 5000, null],
  ])("a %i-byte file of %s rows: %s", (bytes, rowCount, problem) => {
    expect(fileProblem(bytes, rowCount)).toBe(problem);
  });

  it("sends mapped cells only, numbered as the spreadsheet shows them", () => {
    const mapping = guessEventMapping(["Email", "Name", "Notes"]);
    expect(
      toEventRows(
        [
          { Email: " a@b.example ", Name: "Ada", Notes: "secret" },
          { Email: "", Name: "Bo", Notes: "" },
        ],
        mapping,
      ),
    ).toEqual([
      { row: 2, fields: { email: "a@b.example", name: "Ada" } },
      { row: 3, fields: { email: "", name: "Bo" } },
    ]);
    expect(listNameFrom("web-summit_2026 scans.CSV")).toBe("web summit 2026 scans");
  });
});

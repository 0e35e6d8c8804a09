import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import {
  MAX_CONDITION_DEPTH,
  validateConfig,
  type ConfigError,
  type RoutingConfigInput,
} from "../../worker/core/config";

/** A small valid document; each case below breaks exactly one thing in a copy of it. */
const base: RoutingConfigInput = {
  schemaVersion: 1,
  org: { name: "Acme", timezone: "America/New_York" },
  reps: [
    {
      id: "ana",
      name: "Ana",
      email: "ana@acme.example",
      timezone: "America/New_York",
      workingHours: { mon: [{ start: "09:00", end: "17:00" }] },
    },
    {
      id: "ben",
      name: "Ben",
      email: "ben@acme.example",
      timezone: "Europe/Berlin",
      managerId: "ana",
      workingHours: {
        tue: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" },
        ],
      },
    },
    { id: "cho", name: "Cho", email: "cho@acme.example", timezone: "Asia/Tokyo" },
    { id: "dev", name: "Dev", email: "dev@acme.example", timezone: "America/Chicago" },
  ],
  teams: [
    {
      id: "sales",
      name: "Sales",
      members: [{ repId: "ana" }, { repId: "ben", weight: 2 }, { repId: "cho" }],
      distribution: { mode: "weighted" },
      sla: { escalateTo: { kind: "manager" } },
    },
    { id: "backup", name: "Backup", members: [{ repId: "dev" }], distribution: { mode: "round_robin" } },
  ],
  scoring: {
    rules: [{ id: "big", when: { fact: "employees", op: "gte", value: 1000 }, points: 30 }],
    tiers: [
      { name: "hot", minScore: 50 },
      { name: "warm", minScore: 20 },
    ],
  },
  regions: [{ id: "emea", name: "EMEA", countries: ["DE", "FR", "GB"] }],
  territories: [
    {
      id: "west",
      name: "West",
      subdivisions: ["US-CA"],
      postalCodes: [{ country: "US", from: "90000", to: "96199" }],
    },
  ],
  forms: [
    {
      id: "demo",
      name: "Demo",
      fields: [
        { name: "email", type: "email", label: "Email", required: true },
        { name: "company", type: "text", label: "Company" },
        { name: "size", type: "select", label: "Size", options: [{ value: "1-49", label: "1-49" }] },
      ],
      allowedOrigins: ["https://www.acme.example"],
      ruleSetId: "main",
    },
  ],
  ruleSets: [
    {
      id: "main",
      rules: [
        {
          id: "emea",
          when: { fact: "country", op: "in_region", value: "emea" },
          then: { type: "team", teamId: "sales" },
        },
        {
          id: "big",
          when: { fact: "employees", op: "gte", value: 1000 },
          then: { type: "rep", repId: "ana", fallbackTeamId: "backup" },
        },
      ],
      fallback: { type: "team", teamId: "backup" },
    },
  ],
};

type Doc = any;
const copy = (): Doc => structuredClone(base);

/** `n` nested `not`s around a leaf: the leaf sits at depth n + 1. */
const nestedNots = (n: number): unknown =>
  n === 0 ? { fact: "country", op: "exists" } : { not: nestedNots(n - 1) };

function errorsOf(doc: unknown): ConfigError[] {
  const result = validateConfig(doc);
  if (result.ok) throw new Error("expected the document to be rejected");
  return result.errors;
}

describe("validateConfig accepts", () => {
  it("the small base document", () => {
    expect(validateConfig(base)).toMatchObject({ ok: true });
  });

  it("the demo organisation's config", () => {
    const result = validateConfig(demoConfig);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("fills defaults into the parsed config", () => {
    const result = validateConfig(base);
    if (!result.ok) throw new Error("base must be valid");
    const [sales] = result.config.teams;
    expect(sales?.members[0]).toEqual({ repId: "ana", weight: 1, priority: 0 });
    expect(sales?.distribution).toMatchObject({
      countingWindow: "week",
      dedupeWindowDays: 30,
      releaseOnCancel: true,
    });
    expect(sales?.meetingType).toMatchObject({
      durationMinutes: 30,
      horizonDays: 14,
      location: { kind: "google_meet" },
    });
    expect(sales?.sla).toMatchObject({ acceptWithinMinutes: 30, maxReassignments: 2 });
    expect(result.config.reps[2]).toMatchObject({
      active: true,
      ooo: [],
      caps: {},
      calendar: { provider: "builtin" },
    });
    expect(result.config.forms[0]?.turnstile).toEqual({ enabled: false });
  });

  it("does not mutate its input", () => {
    const doc = copy();
    const before = JSON.stringify(doc);
    validateConfig(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it.each([
    ["a $schema hint for editors", (c: Doc) => (c.$schema = "./schema/baton-config.schema.json")],
    [
      "working hours ending at 24:00",
      (c: Doc) => (c.reps[0].workingHours.mon = [{ start: "18:00", end: "24:00" }]),
    ],
    [
      "touching intervals",
      (c: Doc) =>
        (c.reps[0].workingHours.mon = [
          { start: "09:00", end: "12:00" },
          { start: "12:00", end: "17:00" },
        ]),
    ],
    ["an empty all (always matches)", (c: Doc) => (c.ruleSets[0].rules[0].when = { all: [] })],
    [
      `conditions exactly ${MAX_CONDITION_DEPTH} levels deep`,
      (c: Doc) => (c.ruleSets[0].rules[0].when = nestedNots(MAX_CONDITION_DEPTH - 1)),
    ],
    [
      "an OOO range with an offset",
      (c: Doc) => (c.reps[0].ooo = [{ start: "2026-08-03T00:00:00+02:00", end: "2026-08-04T00:00:00Z" }]),
    ],
    [
      "http origins on localhost",
      (c: Doc) =>
        (c.forms[0].allowedOrigins = ["http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]"]),
    ],
    ["Etc zones and UTC", (c: Doc) => ((c.reps[0].timezone = "Etc/GMT+5"), (c.org.timezone = "UTC"))],
    ["negative scoring points", (c: Doc) => (c.scoring.rules[0].points = -20)],
  ])("%s", (_name, mutate) => {
    const doc = copy();
    mutate(doc);
    const result = validateConfig(doc);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});

// [what is wrong, mutation, expected path, expected code, fragment of the message]
const invalid: [string, (c: Doc) => void, (string | number)[], string, string][] = [
  [
    "duplicate rep id",
    (c) => (c.reps[3].id = "ana"),
    ["reps", 3, "id"],
    "duplicate",
    'Duplicate rep id "ana"',
  ],
  [
    "duplicate rep email, any case",
    (c) => (c.reps[1].email = "ANA@acme.example"),
    ["reps", 1, "email"],
    "duplicate",
    "rep email",
  ],
  [
    "team member naming an unknown rep",
    (c) => (c.teams[0].members[2].repId = "zed"),
    ["teams", 0, "members", 2, "repId"],
    "unknown_reference",
    'Unknown rep "zed"',
  ],
  [
    "a rep twice in one team",
    (c) => (c.teams[0].members[1].repId = "ana"),
    ["teams", 0, "members", 1, "repId"],
    "duplicate",
    "member",
  ],
  [
    "rule destination naming an unknown team",
    (c) => (c.ruleSets[0].rules[0].then.teamId = "ghosts"),
    ["ruleSets", 0, "rules", 0, "then", "teamId"],
    "unknown_reference",
    'Unknown team "ghosts"',
  ],
  [
    "rep destination naming an unknown rep",
    (c) => (c.ruleSets[0].rules[1].then.repId = "zed"),
    ["ruleSets", 0, "rules", 1, "then", "repId"],
    "unknown_reference",
    'Unknown rep "zed"',
  ],
  [
    "fallback naming an unknown team",
    (c) => (c.ruleSets[0].fallback.teamId = "ghosts"),
    ["ruleSets", 0, "fallback", "teamId"],
    "unknown_reference",
    "Unknown team",
  ],
  [
    "unknown destination type",
    (c) => (c.ruleSets[0].rules[0].then = { type: "queue", teamId: "sales" }),
    ["ruleSets", 0, "rules", 0, "then", "type"],
    "invalid_value",
    '"account_owner"',
  ],
  [
    "account_owner without a fallback team",
    (c) => (c.ruleSets[0].rules[0].then = { type: "account_owner" }),
    ["ruleSets", 0, "rules", 0, "then", "fallbackTeamId"],
    "required",
    "Required",
  ],
  [
    "skill destination with no skills",
    (c) => (c.ruleSets[0].rules[0].then = { type: "skill", teamId: "sales", skills: {} }),
    ["ruleSets", 0, "rules", 0, "then", "skills"],
    "empty_skills",
    "at least one",
  ],
  [
    "form naming an unknown rule set",
    (c) => (c.forms[0].ruleSetId = "nope"),
    ["forms", 0, "ruleSetId"],
    "unknown_reference",
    'Unknown rule set "nope"',
  ],
  [
    "rule set without a fallback",
    (c) => delete c.ruleSets[0].fallback,
    ["ruleSets", 0, "fallback"],
    "required",
    "Required",
  ],
  [
    "duplicate rule id",
    (c) => (c.ruleSets[0].rules[1].id = "emea"),
    ["ruleSets", 0, "rules", 1, "id"],
    "duplicate",
    "rule id",
  ],
  [
    "a time zone on Mars",
    (c) => (c.reps[0].timezone = "Mars/Olympus"),
    ["reps", 0, "timezone"],
    "invalid_timezone",
    "IANA",
  ],
  [
    "a UTC offset instead of a zone",
    (c) => (c.org.timezone = "+01:00"),
    ["org", "timezone"],
    "invalid_timezone",
    "IANA",
  ],
  [
    "a zone name in the wrong case",
    (c) => (c.teams[0].timezone = "america/new_york"),
    ["teams", 0, "timezone"],
    "invalid_timezone",
    "IANA",
  ],
  [
    "working hours ending before they start",
    (c) => (c.reps[0].workingHours.mon = [{ start: "17:00", end: "09:00" }]),
    ["reps", 0, "workingHours", "mon", 0, "end"],
    "end_before_start",
    "must be after start 17:00",
  ],
  [
    "overlapping working hours",
    (c) => (c.reps[1].workingHours.tue[1].start = "11:00"),
    ["reps", 1, "workingHours", "tue", 1],
    "hours_overlap",
    "Overlaps 09:00-12:00",
  ],
  [
    "overlap written out of order",
    (c) =>
      (c.reps[0].workingHours.mon = [
        { start: "13:00", end: "17:00" },
        { start: "09:00", end: "13:30" },
      ]),
    ["reps", 0, "workingHours", "mon", 0],
    "hours_overlap",
    "Overlaps 09:00-13:30",
  ],
  [
    "HH:MM without a leading zero",
    (c) => (c.reps[0].workingHours.mon[0].start = "9:00"),
    ["reps", 0, "workingHours", "mon", 0, "start"],
    "invalid_format",
    "HH:MM",
  ],
  [
    "a start of 24:00",
    (c) => (c.reps[0].workingHours.mon[0].start = "24:00"),
    ["reps", 0, "workingHours", "mon", 0, "start"],
    "invalid_format",
    "HH:MM",
  ],
  [
    "a date override on February 30th",
    (c) => (c.reps[0].dateOverrides = [{ date: "2026-02-30", hours: [] }]),
    ["reps", 0, "dateOverrides", 0, "date"],
    "invalid_format",
    "date",
  ],
  [
    "two overrides for one date",
    (c) =>
      (c.reps[0].dateOverrides = [
        { date: "2026-12-24", hours: [] },
        { date: "2026-12-24", hours: [] },
      ]),
    ["reps", 0, "dateOverrides", 1, "date"],
    "duplicate",
    "2026-12-24",
  ],
  [
    "OOO ending before it starts",
    (c) => (c.reps[0].ooo = [{ start: "2026-08-10T00:00:00Z", end: "2026-08-01T00:00:00Z" }]),
    ["reps", 0, "ooo", 0, "end"],
    "end_before_start",
    "after its start",
  ],
  [
    "OOO without a time",
    (c) => (c.reps[0].ooo = [{ start: "2026-08-10", end: "2026-08-11T00:00:00Z" }]),
    ["reps", 0, "ooo", 0, "start"],
    "invalid_format",
    "datetime",
  ],
  ["a bad email", (c) => (c.reps[1].email = "ben@"), ["reps", 1, "email"], "invalid_format", "email"],
  [
    "an unknown manager",
    (c) => (c.reps[1].managerId = "boss"),
    ["reps", 1, "managerId"],
    "unknown_reference",
    'Unknown rep "boss"',
  ],
  [
    "a rep managing itself",
    (c) => (c.reps[1].managerId = "ben"),
    ["reps", 1, "managerId"],
    "self_reference",
    "own manager",
  ],
  [
    "perDay above perWeek",
    (c) => (c.reps[0].caps = { perDay: 20, perWeek: 10 }),
    ["reps", 0, "caps", "perDay"],
    "caps_inconsistent",
    "cannot exceed perWeek",
  ],
  ["a zero cap", (c) => (c.reps[0].caps = { perDay: 0 }), ["reps", 0, "caps", "perDay"], "too_small", ">0"],
  [
    "a Slack webhook over http",
    (c) => (c.reps[0].notify = { slackWebhookUrl: "http://hooks.slack.com/x" }),
    ["reps", 0, "notify", "slackWebhookUrl"],
    "invalid_format",
    "https",
  ],
  [
    "a negative member weight",
    (c) => (c.teams[0].members[0].weight = -1),
    ["teams", 0, "members", 0, "weight"],
    "too_small",
    ">0",
  ],
  [
    "a fractional priority",
    (c) => (c.teams[0].members[0].priority = 1.5),
    ["teams", 0, "members", 0, "priority"],
    "invalid_type",
    "int",
  ],
  [
    "an unknown distribution mode",
    (c) => (c.teams[0].distribution.mode = "random"),
    ["teams", 0, "distribution", "mode"],
    "invalid_value",
    "round_robin",
  ],
  [
    "a dedupe window over a year",
    (c) => (c.teams[0].distribution.dedupeWindowDays = 400),
    ["teams", 0, "distribution", "dedupeWindowDays"],
    "too_big",
    "365",
  ],
  [
    "a fairness band above 1",
    (c) => (c.teams[0].distribution.fairnessBand = 1.5),
    ["teams", 0, "distribution", "fairnessBand"],
    "too_big",
    "1",
  ],
  [
    "a meeting shorter than 5 minutes",
    (c) => (c.teams[0].meetingType = { durationMinutes: 2 }),
    ["teams", 0, "meetingType", "durationMinutes"],
    "too_small",
    "5",
  ],
  [
    "a title template with a broken placeholder",
    (c) => (c.teams[0].meetingType = { titleTemplate: "{{lead company}} call" }),
    ["teams", 0, "meetingType", "titleTemplate"],
    "invalid_template",
    "{{lead.company}}",
  ],
  [
    "a URL location without a URL",
    (c) => (c.teams[0].meetingType = { location: { kind: "url" } }),
    ["teams", 0, "meetingType", "location", "url"],
    "required",
    "Required",
  ],
  [
    "escalation to an unknown rep",
    (c) => (c.teams[0].sla.escalateTo = { kind: "rep", repId: "zed" }),
    ["teams", 0, "sla", "escalateTo", "repId"],
    "unknown_reference",
    'Unknown rep "zed"',
  ],
  [
    "escalation to an unknown team",
    (c) => (c.teams[0].sla.escalateTo = { kind: "team", teamId: "nope" }),
    ["teams", 0, "sla", "escalateTo", "teamId"],
    "unknown_reference",
    'Unknown team "nope"',
  ],
  [
    "an SLA over a week",
    (c) => (c.teams[0].sla.acceptWithinMinutes = 20_000),
    ["teams", 0, "sla", "acceptWithinMinutes"],
    "too_big",
    "10080",
  ],
  ["an id with capitals", (c) => (c.teams[1].id = "Backup"), ["teams", 1, "id"], "invalid_format", "a-z"],
  [
    "duplicate tier thresholds",
    (c) => (c.scoring.tiers[1].minScore = 50),
    ["scoring", "tiers", 1, "minScore"],
    "duplicate",
    "tier minScore",
  ],
  [
    "duplicate tier names",
    (c) => (c.scoring.tiers[1].name = "hot"),
    ["scoring", "tiers", 1, "name"],
    "duplicate",
    "tier name",
  ],
  [
    "fractional scoring points",
    (c) => (c.scoring.rules[0].points = 2.5),
    ["scoring", "rules", 0, "points"],
    "invalid_type",
    "int",
  ],
  [
    "a condition with an unknown op",
    (c) => (c.ruleSets[0].rules[0].when = { fact: "country", op: "matches", value: "^D" }),
    ["ruleSets", 0, "rules", 0, "when", "op"],
    "invalid_value",
    '"in_region"',
  ],
  [
    "`in` with a single value",
    (c) => (c.ruleSets[0].rules[0].when = { fact: "country", op: "in", value: "DE" }),
    ["ruleSets", 0, "rules", 0, "when", "value"],
    "invalid_type",
    "expected array",
  ],
  [
    "`gt` with a string",
    (c) => (c.ruleSets[0].rules[0].when = { fact: "employees", op: "gt", value: "500" }),
    ["ruleSets", 0, "rules", 0, "when", "value"],
    "invalid_type",
    "expected number",
  ],
  [
    "`eq` with null",
    (c) => (c.scoring.rules[0].when = { fact: "tier", op: "eq", value: null }),
    ["scoring", "rules", 0, "when", "value"],
    "invalid_union",
    "string, number or boolean",
  ],
  [
    "`exists` with a value",
    (c) => (c.ruleSets[0].rules[0].when = { fact: "country", op: "exists", value: true }),
    ["ruleSets", 0, "rules", 0, "when", "value"],
    "unrecognized_key",
    'Unknown key "value"',
  ],
  [
    "an empty any",
    (c) => (c.ruleSets[0].rules[0].when = { any: [] }),
    ["ruleSets", 0, "rules", 0, "when", "any"],
    "too_small",
    ">=1",
  ],
  [
    "a condition mixing all and any",
    (c) => (c.ruleSets[0].rules[0].when = { all: [], any: [] }),
    ["ruleSets", 0, "rules", 0, "when"],
    "invalid_union",
    "Expected a condition",
  ],
  [
    "an empty object as condition",
    (c) => (c.ruleSets[0].rules[0].when = { not: {} }),
    ["ruleSets", 0, "rules", 0, "when", "not"],
    "invalid_union",
    "Expected a condition",
  ],
  [
    "a bad leaf deep inside all/any/not",
    (c) =>
      (c.ruleSets[0].rules[0].when = { all: [{ any: [{ not: { fact: "country", op: "in", value: 1 } }] }] }),
    ["ruleSets", 0, "rules", 0, "when", "all", 0, "any", 0, "not", "value"],
    "invalid_type",
    "expected array",
  ],
  [
    "a fact that is not a dotted path",
    (c) => (c.ruleSets[0].rules[0].when = { fact: "Fields.Company", op: "exists" }),
    ["ruleSets", 0, "rules", 0, "when", "fact"],
    "invalid_format",
    "dotted fact path",
  ],
  [
    "conditions nested too deep",
    (c) => (c.ruleSets[0].rules[0].when = nestedNots(MAX_CONDITION_DEPTH)),
    ["ruleSets", 0, "rules", 0, "when", ...Array<string>(MAX_CONDITION_DEPTH).fill("not")],
    "condition_too_deep",
    `at most ${MAX_CONDITION_DEPTH} levels`,
  ],
  [
    "a scoring condition nested too deep",
    (c) => (c.scoring.rules[0].when = nestedNots(MAX_CONDITION_DEPTH + 2)),
    ["scoring", "rules", 0, "when", ...Array<string>(MAX_CONDITION_DEPTH).fill("not")],
    "condition_too_deep",
    "levels",
  ],
  [
    "in_region naming an unknown region",
    (c) => (c.ruleSets[0].rules[0].when = { any: [{ fact: "country", op: "in_region", value: "apac" }] }),
    ["ruleSets", 0, "rules", 0, "when", "any", 0, "value"],
    "unknown_reference",
    'Unknown region "apac"',
  ],
  [
    "in_territory naming an unknown territory",
    (c) => (c.scoring.rules[0].when = { fact: "postal_code", op: "in_territory", value: "east" }),
    ["scoring", "rules", 0, "when", "value"],
    "unknown_reference",
    'Unknown territory "east"',
  ],
  [
    "a territory naming an unknown region",
    (c) => (c.territories[0].regions = ["emea", "dach"]),
    ["territories", 0, "regions", 1],
    "unknown_reference",
    'Unknown region "dach"',
  ],
  [
    "a territory with no criteria",
    (c) => (c.territories[0] = { id: "west", name: "West" }),
    ["territories", 0],
    "empty_territory",
    "needs countries",
  ],
  [
    "a postal range running backwards",
    (c) => (c.territories[0].postalCodes[0].to = "80000"),
    ["territories", 0, "postalCodes", 0, "to"],
    "postal_range_order",
    "before it starts",
  ],
  [
    "a lowercase country code",
    (c) => (c.regions[0].countries[1] = "fr"),
    ["regions", 0, "countries", 1],
    "invalid_format",
    "alpha-2",
  ],
  [
    "a country listed twice in a region",
    (c) => c.regions[0].countries.push("DE"),
    ["regions", 0, "countries", 3],
    "duplicate",
    "country",
  ],
  [
    "a select field without options",
    (c) => delete c.forms[0].fields[2].options,
    ["forms", 0, "fields", 2, "options"],
    "options_required",
    "select field needs options",
  ],
  [
    "options on a text field",
    (c) => (c.forms[0].fields[1].options = [{ value: "a", label: "A" }]),
    ["forms", 0, "fields", 1, "options"],
    "options_not_allowed",
    "Options only apply",
  ],
  [
    "duplicate field names",
    (c) => (c.forms[0].fields[2].name = "email"),
    ["forms", 0, "fields", 2, "name"],
    "duplicate",
    'field name "email"',
  ],
  [
    "a field name with a dash",
    (c) => (c.forms[0].fields[1].name = "company-name"),
    ["forms", 0, "fields", 1, "name"],
    "invalid_format",
    "letter",
  ],
  [
    "a form without an email field",
    (c) => (c.forms[0].fields[0].type = "text"),
    ["forms", 0, "fields"],
    "email_field_required",
    "type email",
  ],
  [
    "an optional email field",
    (c) => (c.forms[0].fields[0].required = false),
    ["forms", 0, "fields"],
    "email_field_required",
    "required field",
  ],
  [
    "an origin with a path",
    (c) => (c.forms[0].allowedOrigins = ["https://www.acme.example/contact"]),
    ["forms", 0, "allowedOrigins", 0],
    "invalid_format",
    "no path",
  ],
  [
    "an origin with a trailing slash",
    (c) => (c.forms[0].allowedOrigins = ["https://www.acme.example/"]),
    ["forms", 0, "allowedOrigins", 0],
    "invalid_format",
    "origin",
  ],
  [
    "a plain-http public origin",
    (c) => (c.forms[0].allowedOrigins = ["https://a.example", "http://www.acme.example"]),
    ["forms", 0, "allowedOrigins", 1],
    "invalid_format",
    "http only for localhost",
  ],
  [
    "Turnstile on without a site key",
    (c) => (c.forms[0].turnstile = { enabled: true }),
    ["forms", 0, "turnstile", "siteKey"],
    "site_key_required",
    "siteKey",
  ],
  [
    "a honeypot named like a real field",
    (c) => (c.forms[0].honeypotField = "company"),
    ["forms", 0, "honeypotField"],
    "honeypot_clash",
    "real field",
  ],
  [
    "a theme colour that is not hex",
    (c) => (c.forms[0].theme = { primaryColor: "red" }),
    ["forms", 0, "theme", "primaryColor"],
    "invalid_format",
    "hex",
  ],
  [
    "a theme font that could inject CSS",
    (c) => (c.forms[0].theme = { font: "x;}body{display:none" }),
    ["forms", 0, "theme", "font"],
    "invalid_format",
    "letters",
  ],
  [
    "an unknown top-level key",
    (c) => (c.rulesets = []),
    ["rulesets"],
    "unrecognized_key",
    'Unknown key "rulesets"',
  ],
  [
    "a typo in a nested key",
    (c) => (c.reps[2].workingHour = {}),
    ["reps", 2, "workingHour"],
    "unrecognized_key",
    "workingHour",
  ],
  [
    "a weekday typo",
    (c) => (c.reps[0].workingHours.monday = []),
    ["reps", 0, "workingHours", "monday"],
    "unrecognized_key",
    "monday",
  ],
  ["schema version 2", (c) => (c.schemaVersion = 2), ["schemaVersion"], "invalid_value", "1"],
  ["a missing org", (c) => delete c.org, ["org"], "required", "expected object"],
];

describe("validateConfig rejects", () => {
  it.each(invalid)("%s", (_name, mutate, path, code, fragment) => {
    const doc = copy();
    mutate(doc);
    const errors = errorsOf(doc);
    const atPath = errors.filter((e) => JSON.stringify(e.path) === JSON.stringify(path));
    expect(atPath, `errors were: ${JSON.stringify(errors)}`).toHaveLength(1);
    expect(atPath[0]).toMatchObject({ code });
    expect(atPath[0]?.message).toContain(fragment);
  });

  it("reports every shape error in one pass", () => {
    const doc = copy();
    doc.reps[0].email = "nope";
    doc.teams[0].distribution.mode = "random";
    doc.forms[0].allowedOrigins = ["ftp://x"];
    expect(errorsOf(doc).map((e) => e.path)).toEqual([
      ["reps", 0, "email"],
      ["teams", 0, "distribution", "mode"],
      ["forms", 0, "allowedOrigins", 0],
    ]);
  });

  it("reports every cross-reference error in one pass", () => {
    const doc = copy();
    doc.teams[0].members[0].repId = "x1";
    doc.forms[0].ruleSetId = "x2";
    doc.ruleSets[0].fallback.teamId = "x3";
    expect(errorsOf(doc).map((e) => e.code)).toEqual([
      "unknown_reference",
      "unknown_reference",
      "unknown_reference",
    ]);
  });

  it.each([
    ["null", null],
    ["a string", "{}"],
    ["an array", []],
  ])("%s as the document, at the root path", (_name, input) => {
    expect(errorsOf(input)).toEqual([
      { path: [], code: "invalid_type", message: expect.stringContaining("object") },
    ]);
  });

  it("absurdly deep input without recursing into it", () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { not: deep };
    const doc = copy();
    doc.ruleSets[0].rules[0].when = deep;
    const [error, ...rest] = errorsOf(doc);
    expect(rest).toEqual([]);
    expect(error?.code).toBe("too_deep");
    expect(error?.path.slice(0, 5)).toEqual(["ruleSets", 0, "rules", 0, "when"]);
  });

  it("a cyclic object", () => {
    const doc = copy();
    doc.reps[0].workingHours.self = doc.reps[0].workingHours;
    expect(errorsOf(doc)[0]?.code).toBe("too_deep");
  });
});

/** Every path to a value inside `value`, for targeted corruption. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function setAt(doc: any, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = doc;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path.at(-1)!] = value;
  return doc;
}

function expectWellFormed(result: ReturnType<typeof validateConfig>): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const e of result.errors) {
    expect(Array.isArray(e.path) && e.path.every((p) => typeof p === "string" || typeof p === "number")).toBe(
      true,
    );
    expect(typeof e.code).toBe("string");
    expect(e.message.length).toBeGreaterThan(0);
  }
}

describe("validateConfig, for any input", () => {
  it("never throws on arbitrary JSON and returns ok or errors with paths", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => expectWellFormed(validateConfig(input))),
      { numRuns: 300 },
    );
  });

  it("never throws when one value of a valid document is replaced by arbitrary JSON", () => {
    const paths = pathsOf(demoConfig);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        const result = validateConfig(setAt(structuredClone(demoConfig), path, value));
        expectWellFormed(result);
        // An error must point inside the document, at or around the corrupted value.
        if (!result.ok)
          for (const e of result.errors) expect(e.path.length).toBeLessThanOrEqual(path.length + 12);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws when a key is deleted from a valid document", () => {
    const paths = pathsOf(demoConfig).filter((p) => p.length > 0 && typeof p.at(-1) === "string");
    fc.assert(
      fc.property(fc.constantFrom(...paths), (path) => {
        const doc: any = structuredClone(demoConfig);
        let node = doc;
        for (const key of path.slice(0, -1)) node = node[key];
        delete node[path.at(-1)!];
        expectWellFormed(validateConfig(doc));
      }),
      { numRuns: 200 },
    );
  });
});

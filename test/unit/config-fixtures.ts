import type { RoutingConfigInput } from "../../worker/core/config-doc";

/** A small valid document; each case below breaks exactly one thing in a copy of it. */
export const base: RoutingConfigInput = {
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

export type Doc = any;
export const copy = (): Doc => structuredClone(base);

/** `n` nested `not`s around a leaf: the leaf sits at depth n + 1. */
export const nestedNots = (n: number): unknown =>
  n === 0 ? { fact: "country", op: "exists" } : { not: nestedNots(n - 1) };

/** [what is wrong, mutation, expected path, expected code, fragment of the message] */
export type InvalidCase = [string, (c: Doc) => void, (string | number)[], string, string];

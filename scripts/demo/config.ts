/**
 * The demo organisation: three teams across eleven time zones, scoring, regions and one
 * "Request a demo" form. `npm run seed` loads it; unit tests check that it validates and
 * lints clean, so it doubles as a worked example of the config reference.
 */
import type { RoutingConfigInput } from "../../worker/core/config-doc";

type RepInput = RoutingConfigInput["reps"][number];
type Hours = NonNullable<NonNullable<RepInput["workingHours"]>["mon"]>;

/** Mon-Fri with the same hours, optionally a shorter Friday. */
function weekdays(hours: Hours, friday: Hours = hours): NonNullable<RepInput["workingHours"]> {
  return { mon: hours, tue: hours, wed: hours, thu: hours, fri: friday };
}

// Placeholder portraits for some reps; the others (and any photo that fails to load, e.g.
// offline) show the rep's initials in the widget.
const photo = (n: number) => `https://i.pravatar.cc/160?img=${n}`;

const NINE_TO_FIVE: Hours = [{ start: "09:00", end: "17:00" }];
const WITH_LUNCH: Hours = [
  { start: "09:00", end: "12:30" },
  { start: "13:30", end: "18:00" },
];

const sdrNa: RepInput[] = [
  {
    id: "rachel-kim",
    name: "Rachel Kim",
    email: "rachel.kim@baton.example",
    photoUrl: photo(47),
    timezone: "America/New_York",
    title: "SDR Manager",
    workingHours: weekdays([{ start: "08:30", end: "17:00" }]),
    skills: { languages: ["en", "ko"] },
    caps: { perDay: 4, perWeek: 15 },
  },
  {
    id: "ava-thompson",
    name: "Ava Thompson",
    email: "ava.thompson@baton.example",
    photoUrl: photo(44),
    timezone: "America/New_York",
    title: "Sales Development Rep",
    workingHours: weekdays(NINE_TO_FIVE, [{ start: "09:00", end: "15:00" }]),
    skills: { languages: ["en"], verticals: ["saas"] },
    caps: { perDay: 12, perWeek: 50 },
    managerId: "rachel-kim",
  },
  {
    id: "marcus-johnson",
    name: "Marcus Johnson",
    email: "marcus.johnson@baton.example",
    timezone: "America/Chicago",
    title: "Sales Development Rep",
    workingHours: weekdays(WITH_LUNCH),
    skills: { languages: ["en"], verticals: ["manufacturing", "logistics"] },
    caps: { perDay: 12, perWeek: 50 },
    managerId: "rachel-kim",
  },
  {
    id: "diego-alvarez",
    name: "Diego Álvarez",
    email: "diego.alvarez@baton.example",
    timezone: "America/Denver",
    title: "Sales Development Rep",
    workingHours: weekdays([{ start: "08:00", end: "16:30" }]),
    skills: { languages: ["en", "es"], verticals: ["fintech"] },
    caps: { perDay: 10, perWeek: 45 },
    managerId: "rachel-kim",
  },
  {
    id: "priya-raman",
    name: "Priya Raman",
    email: "priya.raman@baton.example",
    photoUrl: photo(45),
    timezone: "America/Los_Angeles",
    title: "Senior Sales Development Rep",
    workingHours: weekdays([{ start: "08:00", end: "17:00" }]),
    skills: { languages: ["en", "hi"], verticals: ["saas", "healthcare"] },
    caps: { perDay: 14, perWeek: 60 },
    managerId: "rachel-kim",
  },
  {
    // Left the team; kept for history, so the team still lists them but they get no leads.
    id: "ethan-cole",
    name: "Ethan Cole",
    email: "ethan.cole@baton.example",
    timezone: "America/Chicago",
    workingHours: weekdays(NINE_TO_FIVE),
    managerId: "rachel-kim",
    active: false,
  },
];

const emea: RepInput[] = [
  {
    id: "oliver-hughes",
    name: "Oliver Hughes",
    email: "oliver.hughes@baton.example",
    photoUrl: photo(12),
    timezone: "Europe/London",
    title: "Head of EMEA Sales",
    workingHours: weekdays(NINE_TO_FIVE, [{ start: "09:00", end: "13:00" }]),
    dateOverrides: [
      { date: "2026-12-24", hours: [] },
      { date: "2026-12-31", hours: [{ start: "09:00", end: "12:00" }] },
    ],
    skills: { languages: ["en"] },
    caps: { perDay: 3, perWeek: 10 },
  },
  {
    id: "lena-fischer",
    name: "Lena Fischer",
    email: "lena.fischer@baton.example",
    photoUrl: photo(49),
    timezone: "Europe/Berlin",
    title: "Enterprise Account Executive",
    workingHours: weekdays(WITH_LUNCH, [{ start: "09:00", end: "14:00" }]),
    dateOverrides: [{ date: "2026-12-24", hours: [] }],
    skills: { languages: ["de", "en"], verticals: ["manufacturing"] },
    caps: { perDay: 6, perWeek: 25 },
    managerId: "oliver-hughes",
  },
  {
    id: "camille-dubois",
    name: "Camille Dubois",
    email: "camille.dubois@baton.example",
    photoUrl: photo(32),
    timezone: "Europe/Paris",
    title: "Enterprise Account Executive",
    workingHours: weekdays([{ start: "09:30", end: "18:00" }]),
    skills: { languages: ["fr", "en"], verticals: ["retail"] },
    caps: { perDay: 6, perWeek: 25 },
    managerId: "oliver-hughes",
  },
  {
    id: "javier-moreno",
    name: "Javier Moreno",
    email: "javier.moreno@baton.example",
    timezone: "Europe/Madrid",
    title: "Enterprise Account Executive",
    workingHours: weekdays([
      { start: "09:00", end: "14:00" },
      { start: "15:30", end: "18:30" },
    ]),
    skills: { languages: ["es", "en", "pt"], verticals: ["fintech"] },
    caps: { perDay: 6, perWeek: 25 },
    managerId: "oliver-hughes",
  },
  {
    id: "omar-haddad",
    name: "Omar Haddad",
    email: "omar.haddad@baton.example",
    timezone: "Asia/Dubai",
    title: "Enterprise Account Executive",
    workingHours: weekdays([{ start: "08:00", end: "16:00" }]),
    ooo: [{ start: "2026-08-03T00:00:00Z", end: "2026-08-17T00:00:00Z", reason: "Summer leave" }],
    skills: { languages: ["ar", "en"], verticals: ["energy"] },
    caps: { perDay: 5, perWeek: 20 },
    managerId: "oliver-hughes",
  },
];

const partners: RepInput[] = [
  {
    id: "ananya-iyer",
    name: "Ananya Iyer",
    email: "ananya.iyer@baton.example",
    photoUrl: photo(43),
    timezone: "Asia/Kolkata",
    title: "Partner Manager",
    workingHours: weekdays([{ start: "10:00", end: "18:30" }]),
    skills: { languages: ["en", "hi", "ta"] },
    caps: { perDay: 8, perWeek: 30 },
  },
  {
    id: "liam-oconnor",
    name: "Liam O'Connor",
    email: "liam.oconnor@baton.example",
    timezone: "Australia/Sydney",
    title: "Partner Manager",
    workingHours: weekdays([{ start: "08:30", end: "17:00" }]),
    skills: { languages: ["en"] },
    caps: { perDay: 8, perWeek: 30 },
    managerId: "ananya-iyer",
  },
  {
    id: "beatriz-souza",
    name: "Beatriz Souza",
    email: "beatriz.souza@baton.example",
    timezone: "America/Sao_Paulo",
    title: "Partner Manager",
    workingHours: weekdays([{ start: "09:00", end: "18:00" }]),
    skills: { languages: ["pt", "es", "en"] },
    caps: { perDay: 8, perWeek: 30 },
    managerId: "ananya-iyer",
  },
];

const countries = (codes: string) => codes.split(" ");

/** Countries per region; lists follow the usual sales-region split (UN M49 based). */
const EUROPE = countries(
  "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM UA VA",
);
const MIDDLE_EAST = countries("AE BH IL IQ JO KW LB OM PS QA SA TR YE");
const AFRICA = countries(
  "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RW SC SD SL SN SO SS ST SZ TD TG TN TZ UG ZA ZM ZW",
);
const APAC = countries("AU BD BN CN FJ HK ID IN JP KH KR LA LK MM MN MO MY NP NZ PG PH PK SG TH TW VN");
const LATAM = countries("AR BO BR CL CO CR DO EC GT HN MX NI PA PE PR PY SV UY VE");

const PAID_MEDIA = ["cpc", "paid", "ppc", "paid_social"];

/** The demo organisation's routing config. */
export const demoConfig: RoutingConfigInput = {
  schemaVersion: 1,
  org: { name: "Baton Demo Co", timezone: "America/New_York", defaultCountry: "US" },
  reps: [...sdrNa, ...emea, ...partners],
  teams: [
    {
      id: "sdr-na",
      name: "SDR North America",
      timezone: "America/New_York",
      members: [
        { repId: "rachel-kim", weight: 0.5, priority: -1 },
        { repId: "ava-thompson", weight: 1 },
        { repId: "marcus-johnson", weight: 1 },
        { repId: "diego-alvarez", weight: 1 },
        { repId: "priya-raman", weight: 1.5, priority: 1 },
        { repId: "ethan-cole", weight: 1 },
      ],
      distribution: {
        mode: "weighted",
        countingWindow: "week",
        calibration: "average",
        // Leads arriving at night still get a rep (and slots) at once; the SLA clock counts
        // working time only, so nobody is reassigned for sleeping.
        requireWorkingHours: false,
      },
      meetingType: {
        titleTemplate: "{{lead.company}} <> {{rep.name}} (intro call)",
        durationMinutes: 30,
        minimumNoticeMinutes: 120,
        horizonDays: 14,
        slotIntervalMinutes: 30,
        dailyMaxPerRep: 8,
        location: { kind: "phone" },
      },
      sla: {
        acceptWithinMinutes: 15,
        workingTime: true,
        maxReassignments: 2,
        escalateTo: { kind: "manager" },
      },
    },
    {
      id: "emea-enterprise",
      name: "EMEA Enterprise",
      timezone: "Europe/London",
      members: [
        { repId: "oliver-hughes", weight: 1 },
        { repId: "lena-fischer", weight: 1 },
        { repId: "camille-dubois", weight: 1 },
        { repId: "javier-moreno", weight: 1 },
        { repId: "omar-haddad", weight: 1 },
      ],
      distribution: { mode: "round_robin", countingWindow: "month", calibration: "catch_up" },
      meetingType: {
        titleTemplate: "{{lead.company}} x {{org.name}}: discovery",
        durationMinutes: 45,
        bufferBeforeMinutes: 10,
        bufferAfterMinutes: 15,
        minimumNoticeMinutes: 240,
        horizonDays: 21,
        slotIntervalMinutes: 15,
        location: { kind: "url", url: "https://meet.baton.example/emea" },
      },
      sla: {
        acceptWithinMinutes: 60,
        workingTime: true,
        maxReassignments: 1,
        escalateTo: { kind: "rep", repId: "oliver-hughes" },
      },
    },
    {
      id: "partners",
      name: "Partners",
      members: [
        { repId: "ananya-iyer", weight: 1 },
        { repId: "liam-oconnor", weight: 1 },
        { repId: "beatriz-souza", weight: 1 },
      ],
      distribution: { mode: "availability", countingWindow: "week" },
      meetingType: {
        durationMinutes: 30,
        location: { kind: "url", url: "https://meet.baton.example/partners" },
      },
      sla: { acceptWithinMinutes: 120, escalateTo: { kind: "team", teamId: "sdr-na" } },
    },
  ],
  scoring: {
    rules: [
      { id: "large-company", when: { fact: "employees", op: "gte", value: 1000 }, points: 30 },
      {
        id: "mid-market",
        when: {
          all: [
            { fact: "employees", op: "gte", value: 200 },
            { fact: "employees", op: "lt", value: 1000 },
          ],
        },
        points: 15,
      },
      { id: "paid-source", when: { fact: "utm.medium", op: "in", value: PAID_MEDIA }, points: 20 },
      { id: "free-email", when: { fact: "is_free_email", op: "eq", value: true }, points: -20 },
      {
        id: "senior-title",
        when: {
          any: ["VP", "Head", "Director", "Chief"].map((word) => ({
            fact: "fields.title",
            op: "contains" as const,
            value: word,
          })),
        },
        points: 15,
      },
    ],
    tiers: [
      { name: "hot", minScore: 50 },
      { name: "warm", minScore: 20 },
      { name: "cold", minScore: -100 },
    ],
  },
  regions: [
    { id: "na", name: "North America", countries: ["US", "CA"] },
    { id: "emea", name: "EMEA", countries: [...EUROPE, ...MIDDLE_EAST, ...AFRICA] },
    { id: "dach", name: "DACH", countries: ["DE", "AT", "CH"] },
    { id: "apac", name: "APAC", countries: APAC },
    { id: "latam", name: "LATAM", countries: LATAM },
  ],
  territories: [
    {
      id: "us-west",
      name: "US West",
      subdivisions: ["US-CA", "US-OR", "US-WA", "US-NV", "US-AZ"],
      postalCodes: [{ country: "US", from: "85000", to: "99499" }],
    },
  ],
  forms: [
    {
      id: "demo",
      name: "Request a demo",
      fields: [
        { name: "first_name", type: "text", label: "First name", required: true, maxLength: 100 },
        { name: "last_name", type: "text", label: "Last name", required: true, maxLength: 100 },
        { name: "email", type: "email", label: "Work email", required: true },
        { name: "company", type: "text", label: "Company", required: true, maxLength: 200 },
        { name: "title", type: "text", label: "Job title", maxLength: 120 },
        {
          name: "employees",
          type: "select",
          label: "Company size",
          required: true,
          options: ["1-49", "50-199", "200-499", "500-999", "1000-4999", "5000+"].map((v) => ({
            value: v,
            label: v,
          })),
        },
        { name: "country", type: "country", label: "Country", required: true },
        { name: "phone", type: "tel", label: "Phone", placeholder: "+1 555 010 0000" },
        { name: "message", type: "textarea", label: "What would you like to see?", maxLength: 2000 },
      ],
      allowedOrigins: ["http://localhost:8787", "http://127.0.0.1:8787"],
      turnstile: { enabled: false },
      ruleSetId: "default",
      noSlotMessage: "Thanks! {{rep.name}} will reach out within one business day.",
      honeypotField: "website",
      theme: { primaryColor: "#4f46e5", radius: 8 },
    },
  ],
  ruleSets: [
    {
      id: "default",
      name: "Inbound demo requests",
      rules: [
        {
          id: "existing-account",
          name: "Known account goes to its owner",
          when: { fact: "account.matched", op: "eq", value: true },
          then: { type: "account_owner", fallbackTeamId: "sdr-na" },
        },
        {
          id: "dach-enterprise",
          name: "DACH enterprise gets a German speaker",
          when: {
            all: [
              { fact: "country", op: "in_region", value: "dach" },
              { fact: "employees", op: "gte", value: 500 },
            ],
          },
          then: { type: "skill", teamId: "emea-enterprise", skills: { languages: ["de"] } },
        },
        {
          id: "emea-enterprise",
          name: "EMEA enterprise",
          when: {
            all: [
              { fact: "country", op: "in_region", value: "emea" },
              { fact: "employees", op: "gte", value: 500 },
            ],
          },
          then: { type: "team", teamId: "emea-enterprise" },
        },
        {
          id: "hot-paid",
          name: "Hot leads from paid campaigns",
          when: {
            all: [
              { fact: "tier", op: "eq", value: "hot" },
              { fact: "utm.medium", op: "in", value: PAID_MEDIA },
            ],
          },
          then: { type: "team", teamId: "sdr-na" },
        },
        {
          id: "partner-referral",
          name: "Partner referrals",
          when: {
            any: [
              { fact: "source", op: "eq", value: "partner" },
              { fact: "utm.source", op: "eq", value: "partner" },
            ],
          },
          then: { type: "team", teamId: "partners" },
        },
      ],
      fallback: { type: "team", teamId: "sdr-na" },
    },
  ],
};

import { OpenAPIHono } from "@hono/zod-openapi";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, vi } from "vitest";
import { requestId } from "hono/request-id";
import { demoConfig } from "../../scripts/demo/config";
import type { AppEnv } from "../../worker/http/hono-env";
import { requestClock } from "../../worker/http/request-context";
import { onError } from "../../worker/http/on-error";
import { publicBookings } from "../../worker/booking/public-bookings";
import { publicLeads } from "../../worker/booking/public-leads";
import { validationHook } from "../../worker/http/validation";
import { bookingPage } from "../../worker/hosted/booking-page";
import { leadPage } from "../../worker/hosted/lead-page";
import { signingKey, signToken } from "../../worker/security/signed-tokens";
import { BASE, admin, clone } from "./helpers";

/** Monday 2 March 2026, 07:00 in Berlin: the whole working day is bookable. */
export const NOW = Date.parse("2026-03-02T06:00:00Z");
export const berlin = (hhmm: string, date = "2026-03-02") => `${date}T${hhmm}:00+01:00`;
export const utc = (hhmm: string, date = "2026-03-02") =>
  new Date(Date.parse(berlin(hhmm, date))).toISOString();

// The scheduling routes as app.ts mounts them, so the tests do not depend on that wiring.
const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
app.use(requestId());
app.use(requestClock);
app.route("/v1", publicLeads);
app.route("/v1", publicBookings);
app.route("/b", bookingPage);
app.route("/l", leadPage);
app.onError(onError);

/** The JSON API path of a manage link (the link itself opens the hosted booking page). */
export function manageApi(manageUrl: string, suffix = ""): string {
  const u = new URL(manageUrl);
  return `/v1/bookings/${u.pathname.split("/").pop()}${suffix}${u.search}`;
}

/** Calls the routes as the runtime would, and lets their background work finish first. */
export async function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set("Content-Type", "application/json");
  const body = json === undefined ? rest.body : JSON.stringify(json);
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}${path}`, { ...rest, headers, body }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const weekdays = (h: { start: string; end: string }[]) => ({ mon: h, tue: h, wed: h, thu: h, fri: h });
const NINE_TO_FIVE = [{ start: "09:00", end: "17:00" }];

/** A builtin-calendar rep in Berlin, 09:00-17:00 on weekdays. */
function rep(id: string) {
  return {
    id,
    name: `Rep ${id}`,
    email: `${id}@baton.example`,
    timezone: "Europe/Berlin",
    workingHours: weekdays(NINE_TO_FIVE),
  };
}

/**
 * Registers the setup booking test files share: `Date` frozen at NOW (timers stay real) and
 * the scheduling config published before the first test; real time again after the last.
 */
export function setUpSchedulingTests(): void {
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    await publishSchedulingConfig();
  });
  afterAll(() => vi.useRealTimers());
}

/** The first row a query returns (loosely typed: each test names the columns it checks). */
export const row = (sql: string, ...args: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...args)
    .first<any>();

/**
 * The demo org plus a rep ("shared") in two teams with different meeting types, and an
 * availability team of two reps, all on the builtin calendar in Berlin.
 */
export async function publishSchedulingConfig(): Promise<void> {
  const config = clone(demoConfig) as any;
  config.reps.push(rep("shared"), rep("pool-a"), rep("pool-b"));
  config.teams.push(
    {
      id: "team-a",
      name: "Team A",
      members: [{ repId: "shared" }],
      distribution: { mode: "round_robin" },
      meetingType: { durationMinutes: 30, minimumNoticeMinutes: 60 },
    },
    {
      id: "team-b",
      name: "Team B",
      members: [{ repId: "shared" }],
      distribution: { mode: "round_robin" },
      meetingType: { durationMinutes: 60, bufferAfterMinutes: 15 },
    },
    {
      id: "pool",
      name: "Pool",
      members: [{ repId: "pool-a" }, { repId: "pool-b" }],
      distribution: { mode: "availability", releaseOnCancel: true },
      meetingType: {
        durationMinutes: 30,
        titleTemplate: "{{lead.company}} <> {{rep.name}}",
        location: { kind: "url", url: "https://meet.example/x" },
      },
    },
  );
  const res = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
}

let seq = 0;

/** A routed lead assigned to `repId` in `teamId`, as intake leaves it; returns its booking token. */
export async function seedLead(teamId: string, repId: string): Promise<{ leadId: string; token: string }> {
  const leadId = `lead-${++seq}-${crypto.randomUUID().slice(0, 8)}`;
  const email = `visitor${seq}@globex.example`;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO leads (id, created_at, form_id, email, email_normalized, fields, status, routing_attempts, updated_at)
       VALUES (?, ?, 'demo', ?, ?, ?, 'routed', 1, ?)`,
    ).bind(
      leadId,
      NOW,
      email,
      email,
      JSON.stringify({ first_name: "Jane", last_name: `Doe ${seq}`, company: "Globex" }),
      NOW,
    ),
    env.DB.prepare(
      `INSERT INTO assignments (id, lead_id, rep_id, team_id, assigned_at, accept_deadline, status, attempt)
       VALUES (?, ?, ?, ?, ?, ?, 'active', 0)`,
    ).bind(crypto.randomUUID(), leadId, repId, teamId, NOW, NOW + 30 * 60_000),
  ]);
  const token = await signToken(
    { p: "book", sub: leadId, exp: NOW + 90 * 86_400_000 },
    await signingKey(env.ENCRYPTION_KEY),
  );
  return { leadId, token };
}

export function book(lead: { leadId: string; token: string }, start: string, timezone?: string) {
  return api(`/v1/leads/${lead.leadId}/bookings`, {
    method: "POST",
    json: { start, bookingToken: lead.token, timezone },
  });
}

export function slots(lead: { leadId: string; token: string }, query = "") {
  return api(`/v1/leads/${lead.leadId}/slots?bookingToken=${encodeURIComponent(lead.token)}${query}`);
}

/** Confirmed bookings of a rep, as D1 holds them. */
export async function confirmed(repId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, lead_id, start_at, end_at, team_id FROM bookings WHERE rep_id = ? AND status = 'confirmed' ORDER BY start_at",
  )
    .bind(repId)
    .all<{ id: string; lead_id: string; start_at: number; end_at: number; team_id: string }>();
  return results;
}

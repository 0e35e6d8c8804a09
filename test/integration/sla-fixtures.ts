import { OpenAPIHono } from "@hono/zod-openapi";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { createApp } from "../../worker/app";
import type { AppEnv } from "../../worker/http/hono-env";
import { adminAuth } from "../../worker/auth/admin-auth";
import { adminLeads } from "../../worker/leads/admin-leads";
import { adminWebhooks } from "../../worker/notify/admin-webhooks";
import { publicAccept } from "../../worker/sla/public-accept";
import { ADMIN_TOKEN, BASE, clone } from "./helpers";

/** Mounts this routes as the app.ts snippet in the README note does. */
function testApp() {
  const app = createApp();
  const admin = new OpenAPIHono<AppEnv>();
  admin.use(adminAuth);
  admin.route("/", adminLeads);
  admin.route("/", adminWebhooks);
  app.route("/v1/admin", admin);
  app.route("/v1", publicAccept);
  return app;
}
const app = testApp();

/** Calls the app as the runtime would, and lets its background work finish before returning. */
export async function request(
  path: string,
  init: RequestInit & { admin?: boolean; bindings?: Env } = {},
): Promise<Response> {
  const { admin, bindings = env, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (admin) headers.set("Authorization", `Bearer ${ADMIN_TOKEN}`);
  if (rest.body && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const ctx = createExecutionContext();
  const res = await app.request(`${BASE}${path}`, { ...rest, headers }, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const NY_HOURS = [{ start: "09:00", end: "17:00" }];
/** The five SDRs without their manager, all New York 09:00-17:00, so deadlines are predictable. */
export const SDRS = ["ava-thompson", "marcus-johnson", "diego-alvarez", "priya-raman", "ethan-cole"];

/** The demo config with one predictable SLA team; `sla` overrides its policy. */
export function slaConfig(sla: Record<string, unknown>) {
  const config = clone(demoConfig);
  for (const rep of config.reps) {
    if (!SDRS.includes(rep.id) && rep.id !== "rachel-kim") continue;
    rep.timezone = "America/New_York";
    rep.workingHours = { mon: NY_HOURS, tue: NY_HOURS, wed: NY_HOURS, thu: NY_HOURS, fri: NY_HOURS };
    rep.caps = {};
    rep.notify = { email: true };
  }
  const team = config.teams.find((t) => t.id === "sdr-na")!;
  team.members = SDRS.map((repId) => ({ repId, weight: 1 }));
  team.distribution = { mode: "round_robin", requireWorkingHours: false };
  team.sla = {
    acceptWithinMinutes: 15,
    workingTime: true,
    maxReassignments: 2,
    escalateTo: { kind: "manager" },
    ...sla,
  };
  return config;
}

/**
 * The SLA config with sdr-na in predictive mode: no working-hours gate and a 0.5 fairness
 * band, so the model, not the clock, decides within the band.
 */
export function predictiveConfig(predictive: { segments: { fact: string }[]; minObservations: number }) {
  const config = slaConfig({});
  const sdr = config.teams.find((t) => t.id === "sdr-na")!;
  sdr.distribution = {
    mode: "predictive",
    requireWorkingHours: false,
    fairnessBand: 0.5,
    predictive,
  } as typeof sdr.distribution;
  return config;
}

export async function publish(config: unknown) {
  const res = await request("/v1/admin/config/versions?publish=true", {
    method: "POST",
    admin: true,
    body: JSON.stringify(config),
  });
  expect(res.status).toBe(201);
}

let counter = 0;
/** Submits a lead at `at` (fake clock) that the demo rules send to sdr-na; returns its id. */
export async function submitLead(at: number): Promise<string> {
  vi.setSystemTime(at);
  const n = ++counter;
  const res = await request("/v1/forms/demo/submissions", {
    method: "POST",
    headers: { "CF-Connecting-IP": `203.0.113.${n % 250}` },
    body: JSON.stringify({
      fields: {
        first_name: "Grace",
        last_name: `Hopper${n}`,
        email: `grace${n}-${crypto.randomUUID().slice(0, 8)}@cobol.example`,
        company: "Cobol Inc",
        employees: "1-49",
        country: "US",
      },
    }),
  });
  expect(res.status).toBe(201);
  const body = await res.json<{ leadId: string; assignment: { teamId: string } }>();
  expect(body.assignment.teamId).toBe("sdr-na");
  return body.leadId;
}

export type AssignmentRow = {
  id: string;
  rep_id: string;
  status: string;
  attempt: number;
  accept_deadline: number | null;
  accepted_at: number | null;
  reason: string | null;
};

export async function assignmentsOf(leadId: string): Promise<AssignmentRow[]> {
  const { results } = await env.DB.prepare(
    "SELECT id, rep_id, status, attempt, accept_deadline, accepted_at, reason FROM assignments WHERE lead_id = ? ORDER BY attempt",
  )
    .bind(leadId)
    .all<AssignmentRow>();
  return results;
}

/**
 * The visitor's paths through the Worker, each run with every D1 / Durable Object / queue
 * call delayed by L ms and traced (worker/edge/call-trace.ts). Shared by the depth test
 * (edge-depth.test.ts) and `npm run bench:edge` (edge-latency.bench.ts).
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { createApp } from "../../worker/app";
import {
  CallTrace,
  DEFAULT_REPLICA_MS,
  traceBindings,
  type TraceSummary,
} from "../../worker/edge/call-trace";
import { BOOKMARK_HEADER } from "../../worker/db/d1-session";
import { admin, BASE } from "./helpers";

// A Tuesday, 15:00 UTC: inside New York working hours, so leads route and get slots.
export const NOW = Date.UTC(2026, 11, 1, 15, 0, 0);
/** The marketing site the widget is embedded in (an allowed origin of the demo form). */
export const SITE = "http://localhost:8787";
const OWNED_DOMAIN = "owned-account.example";

export type PathName =
  | "form GET"
  | "preflight submit"
  | "preflight slots"
  | "submit team"
  | "submit team, keyed"
  | "submit owner"
  | "submit availability"
  | "slots"
  | "slots, bookmark"
  | "booking"
  | "booking, bookmark"
  | "cancel"
  | "reschedule";

/**
 * Sequential calls to region-bound storage allowed before the answer (issue 17). Today's
 * figures until the cuts land; the targets are in the comment of each.
 */
export const DEPTH_BUDGET: Record<PathName, number> = {
  "form GET": 0,
  "preflight submit": 0,
  "preflight slots": 0,
  "submit team": 2,
  "submit team, keyed": 2,
  "submit owner": 2,
  "submit availability": 2,
  slots: 2,
  "slots, bookmark": 2,
  booking: 3,
  "booking, bookmark": 3,
  cancel: 3,
  reschedule: 3,
};

export type Run = {
  status: number;
  summary: TraceSummary;
  ms: number;
  body: any;
  headers: Headers;
  bookmark: string | null;
};

const app = createApp();
let ip = 0;

/** One request through the traced bindings; background work finishes before it returns. */
export async function traced(path: string, init: RequestInit, delayMs: number): Promise<Run> {
  const trace = new CallTrace(delayMs, Math.min(delayMs, DEFAULT_REPLICA_MS));
  const ctx = createExecutionContext();
  const headers = new Headers(init.headers);
  headers.set("Origin", SITE);
  headers.set("CF-Connecting-IP", `198.51.100.${++ip % 250}`);
  if (init.body) headers.set("Content-Type", "application/json");
  const started = performance.now();
  const res = await app.fetch(
    new Request(`${BASE}${path}`, { ...init, headers }),
    traceBindings(env, trace),
    ctx,
  );
  trace.answer();
  const ms = performance.now() - started;
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return {
    status: res.status,
    summary: trace.summary(),
    ms,
    body: text ? JSON.parse(text) : null,
    headers: res.headers,
    bookmark: res.headers.get(BOOKMARK_HEADER),
  };
}

/** The demo config published, one account owned by a rep, and `Date` frozen at NOW. */
export async function setUpEdgePaths(): Promise<void> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const saved = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: demoConfig });
  expect(saved.status).toBe(201);
  const imported = await admin("/v1/admin/accounts/import", {
    method: "POST",
    body: { accounts: [{ domain: OWNED_DOMAIN, name: "Owned Account", ownerRepId: "ava-thompson" }] },
  });
  expect(imported.status).toBeLessThan(300);
}

let seq = 0;
function submission(kind: "team" | "owner" | "availability") {
  const i = ++seq;
  const domain = kind === "owner" ? OWNED_DOMAIN : `company${i}.example`;
  return JSON.stringify({
    fields: {
      first_name: "Edge",
      last_name: `Visitor ${i}`,
      email: `visitor${i}@${domain}`,
      company: `Company ${i}`,
      employees: "50-199",
      country: "US",
    },
    context: kind === "availability" ? { utm: { source: "partner" } } : {},
  });
}

/** A fresh lead, submitted without delay: the setup of the paths that follow a submission. */
async function lead(kind: "team" | "owner" | "availability" = "team") {
  const run = await traced("/v1/forms/demo/submissions", { method: "POST", body: submission(kind) }, 0);
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  expect(run.body.slots.length).toBeGreaterThan(1);
  const body = run.body as { leadId: string; bookingToken: string; slots: { start: string }[] };
  return { ...body, bookmark: run.bookmark };
}

async function booked() {
  const l = await lead();
  const run = await traced(
    `/v1/leads/${l.leadId}/bookings`,
    { method: "POST", body: JSON.stringify({ start: l.slots[0]!.start, bookingToken: l.bookingToken }) },
    0,
  );
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  const url = new URL(run.body.manageUrl as string);
  return { lead: l, bookingId: run.body.bookingId as string, token: url.searchParams.get("token")! };
}

const submit = (kind: "team" | "owner" | "availability") => (L: number) =>
  traced("/v1/forms/demo/submissions", { method: "POST", body: submission(kind) }, L);

/** As the widget submits: every submission carries a fresh Idempotency-Key. */
const submitKeyed = (L: number) =>
  traced(
    "/v1/forms/demo/submissions",
    { method: "POST", body: submission("team"), headers: { "Idempotency-Key": crypto.randomUUID() } },
    L,
  );

const preflight = (path: string, method: string, L: number) =>
  traced(
    path,
    {
      method: "OPTIONS",
      headers: { "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "content-type" },
    },
    L,
  );

function slotsAfterSubmit(withBookmark: boolean) {
  return async (L: number) => {
    const l = await lead();
    // The frozen clock (NOW here; the bench moves it on between paths).
    const from = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const q = new URLSearchParams({ bookingToken: l.bookingToken, from, to });
    if (withBookmark) q.set("bookmark", l.bookmark ?? "");
    return traced(`/v1/leads/${l.leadId}/slots?${q}`, { method: "GET" }, L);
  };
}

function bookingAfterSubmit(withBookmark: boolean) {
  return async (L: number) => {
    const l = await lead();
    const body = JSON.stringify({ start: l.slots[0]!.start, bookingToken: l.bookingToken });
    const headers: Record<string, string> = withBookmark ? { [BOOKMARK_HEADER]: l.bookmark ?? "" } : {};
    return traced(`/v1/leads/${l.leadId}/bookings`, { method: "POST", body, headers }, L);
  };
}

/** Each path: its setup runs without delay, then the measured request at L ms. */
export const PATHS: Record<PathName, (L: number) => Promise<Run>> = {
  "form GET": (L) => traced("/v1/forms/demo", { method: "GET" }, L),
  "preflight submit": (L) => preflight("/v1/forms/demo/submissions", "POST", L),
  "preflight slots": async (L) => preflight(`/v1/leads/${(await lead()).leadId}/slots`, "GET", L),
  "submit team": submit("team"),
  "submit team, keyed": submitKeyed,
  "submit owner": submit("owner"),
  "submit availability": submit("availability"),
  slots: slotsAfterSubmit(false),
  // As a client that returns the submission's D1 bookmark (worker/db/d1-session.ts) would.
  "slots, bookmark": slotsAfterSubmit(true),
  booking: bookingAfterSubmit(false),
  "booking, bookmark": bookingAfterSubmit(true),
  cancel: async (L) => {
    const b = await booked();
    return traced(
      `/v1/bookings/${b.bookingId}/cancel?token=${encodeURIComponent(b.token)}`,
      { method: "POST" },
      L,
    );
  },
  reschedule: async (L) => {
    const b = await booked();
    const body = JSON.stringify({ start: b.lead.slots[1]!.start });
    return traced(
      `/v1/bookings/${b.bookingId}/reschedule?token=${encodeURIComponent(b.token)}`,
      { method: "POST", body },
      L,
    );
  },
};

/** The status each path answers with when it works. */
export const EXPECTED_STATUS: Record<PathName, number> = {
  "form GET": 200,
  "preflight submit": 204,
  "preflight slots": 204,
  "submit team": 201,
  "submit team, keyed": 201,
  "submit owner": 201,
  "submit availability": 201,
  slots: 200,
  "slots, bookmark": 200,
  booking: 201,
  "booking, bookmark": 201,
  cancel: 200,
  reschedule: 201,
};

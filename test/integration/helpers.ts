import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";
import { createApp } from "../../worker/app";

export const ADMIN_TOKEN = env.ADMIN_TOKEN;
export const BASE = "https://baton.test";

/** Calls the Worker's fetch handler, as a client on the internet would. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

let app: ReturnType<typeof createApp> | undefined;

/**
 * Calls the Worker's app as `call` does, and waits for the work it hands off after the answer
 * (ctx.waitUntil: the outbox's side effects) before returning.
 */
export async function callSettled(path: string, init: RequestInit = {}): Promise<Response> {
  app ??= createApp();
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${BASE}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Calls an admin route with the bootstrap token (or the one given) and a JSON body. */
export function admin(
  path: string,
  init: Omit<RequestInit, "body"> & { body?: unknown; token?: string } = {},
): Promise<Response> {
  const { body, token = ADMIN_TOKEN, headers, ...rest } = init;
  const h = new Headers(headers);
  h.set("Authorization", `Bearer ${token}`);
  if (body !== undefined && !h.has("Content-Type")) h.set("Content-Type", "application/json");
  return call(path, {
    ...rest,
    headers: h,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A deep copy, so a test can break a config without touching the shared fixture. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

export async function countRows(table: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
  return row?.n ?? 0;
}

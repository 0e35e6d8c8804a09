import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";

export const ADMIN_TOKEN = env.ADMIN_TOKEN;
export const BASE = "https://baton.test";

/** Calls the Worker's fetch handler, as a client on the internet would. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
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

import { afterAll, beforeAll, expect, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, call, clone } from "./helpers";

/** A Tuesday, 15:00 UTC: inside the demo reps' New York and Berlin hours, so eligibility is stable. */
export const NOW = Date.UTC(2026, 11, 1, 15, 0, 0);

/**
 * Freezes `Date` at NOW and publishes the demo config plus "guarded", a copy of the demo form
 * behind Turnstile. Pair it with `afterAll(() => vi.useRealTimers())`.
 */
export async function publishIntakeConfig(): Promise<void> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  const config = clone(demoConfig);
  config.forms.push({
    ...clone(config.forms[0]!),
    id: "guarded",
    turnstile: { enabled: true, siteKey: "0x4AAAA-test" },
  });
  const saved = await admin("/v1/admin/config/versions?publish=true", { method: "POST", body: config });
  expect(saved.status).toBe(201);
}

/**
 * An intake test file's set-up: publishIntakeConfig, and Globex Corporation (globex.com) as
 * Rachel Kim's account, before the file's tests; real timers after them.
 */
export function setUpIntakeFile(): void {
  beforeAll(async () => {
    await publishIntakeConfig();
    await admin("/v1/admin/accounts/import", {
      method: "POST",
      body: { accounts: [{ domain: "globex.com", name: "Globex Corporation", ownerRepId: "rachel-kim" }] },
    });
  });
  afterAll(() => vi.useRealTimers());
}

let ipCounter = 0;

/** Another client address on each call, so no test trips the per-IP rate limit of another. */
export function nextClientIp(): string {
  return `198.51.100.${++ipCounter % 250}`;
}

/** A valid demo-form lead with a fresh email; `overrides` replace or add fields. */
export function lead(overrides: Record<string, unknown> = {}) {
  return {
    first_name: "Ada",
    last_name: "Lovelace",
    email: `ada${++ipCounter}@analytical-engines.example`,
    company: "Analytical Engines",
    employees: "50-199",
    country: "US",
    ...overrides,
  };
}

/** Posts `body` (or `init.raw`) to a form's submissions from a fresh client address, not following redirects. */
export function submit(
  body: unknown,
  init: { headers?: Record<string, string>; formId?: string; raw?: string } = {},
) {
  const headers = new Headers({
    "Content-Type": "application/json",
    "CF-Connecting-IP": nextClientIp(),
  });
  for (const [k, v] of Object.entries(init.headers ?? {})) headers.set(k, v);
  return call(`/v1/forms/${init.formId ?? "demo"}/submissions`, {
    method: "POST",
    headers,
    body: init.raw ?? JSON.stringify(body),
    redirect: "manual",
  });
}

import { expect, vi } from "vitest";
import { demoConfig } from "../../scripts/demo/config";
import { admin, clone } from "./helpers";

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

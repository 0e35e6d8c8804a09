/**
 * The fault matrix against Salesforce at 1,000 leads (the suite runs it at 40 in
 * crm-salesforce.test.ts). Runs in workerd against D1, the team objects and the fake Salesforce,
 * only when asked for:
 *   npm run bench:crm
 * The printed line has the counts and timings.
 */
import { afterAll, beforeAll, vi } from "vitest";
import { NOW } from "./intake-fixtures";
import { defineSalesforceFaultRun } from "./crm-salesforce-faults-scenario";

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterAll(() => vi.useRealTimers());

defineSalesforceFaultRun("faulty-sf-1000", 1000, 1_800_000);

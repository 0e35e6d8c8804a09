/**
 * The CRM lookup on the submit path. It runs alongside the lead's insert and the account
 * lookup, is cut off at its deadline, and is skipped while its circuit is open: whatever
 * HubSpot or Salesforce does, the submission answers and routes (without CRM facts, the trace
 * says why).
 */
import type { Rep } from "../core/config-doc";
import { crmFacts, mapOwners, type CrmLookupNote, type CrmLookupStatus } from "../core/crm-facts";
import type { FactValue } from "../core/lead-facts";
import { CircuitBreaker } from "../intake/enrichment/circuit-breaker";
import { CrmError } from "./connector";
import { providerName, type CrmRuntime } from "./runtime";

export type CrmLookupResult = { facts: Record<string, FactValue>; note: CrmLookupNote };

/** Room for the connector to notice its own abort before the hard deadline resolves. */
const DEADLINE_GRACE_MS = 50;

// Per isolate, as for enrichment: sharing it would put a hop in front of every lookup.
const breaker = new CircuitBreaker();

export const crmBreaker = breaker;

function statusOf(err: unknown): { status: CrmLookupStatus; detail: string } {
  if (err instanceof CrmError) {
    if (err.kind === "timeout") return { status: "timeout", detail: err.message };
    if (err.kind === "rate_limited") return { status: "rate_limited", detail: err.message };
    return { status: "error", detail: `${err.kind}: ${err.message}`.slice(0, 300) };
  }
  return { status: "error", detail: err instanceof Error ? err.name : "failed" };
}

/** Looks the lead up in the CRM within the runtime's budget. Never throws. */
export async function lookUpCrm(
  runtime: Promise<CrmRuntime | null>,
  input: { email: string | null; domain: string | null; reps: readonly Pick<Rep, "id" | "email">[] },
  clock: () => number = Date.now,
): Promise<CrmLookupResult> {
  const started = clock();
  let provider = "none";
  const note = (status: CrmLookupStatus, detail?: string): CrmLookupResult => ({
    facts: {},
    note: { provider, status, ms: clock() - started, ...(detail ? { detail } : {}) },
  });
  let rt: CrmRuntime | null;
  try {
    rt = await runtime;
  } catch {
    return note("error", "connection unreadable");
  }
  if (!rt) return note("not_connected");
  provider = rt.provider;
  if (rt.row.status !== "connected") return note("skipped", `connection ${rt.row.status}`);
  if (!input.email) return note("skipped", "no email on the lead");
  if (!breaker.tryAcquire())
    return note("circuit_open", `${providerName(provider)} failed repeatedly; not asked`);
  const signal = AbortSignal.timeout(rt.budgetMs);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), rt.budgetMs + DEADLINE_GRACE_MS);
  });
  const lookup = rt
    .connector()
    .then((c) =>
      c.lookUpLead(
        { email: input.email!, domain: input.domain, properties: rt.settings.lookupProperties },
        signal,
      ),
    );
  try {
    const found = await Promise.race([lookup, deadline]);
    if (found === "deadline") {
      breaker.failure();
      lookup.catch(() => {});
      return note("timeout", `no answer within ${rt.budgetMs} ms`);
    }
    breaker.success();
    const mapping = mapOwners(rt.owners, input.reps, rt.settings.ownerOverrides);
    return {
      facts: crmFacts(found, mapping),
      note: { provider, status: "ok", ms: clock() - started },
    };
  } catch (err) {
    breaker.failure();
    const s = statusOf(err);
    return note(s.status, s.detail);
  } finally {
    clearTimeout(timer);
  }
}

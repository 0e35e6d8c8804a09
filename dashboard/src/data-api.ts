/**
 * The admin endpoints behind the data screens (leads, accounts, analytics, deliveries,
 * privacy). Types mirror the admin API contract; fields the screens do not need are left out.
 */
import { call } from "./api";
import type { Reassigned } from "../../worker/leads/reassign-contract";

import { OUTCOME_KINDS, type OutcomeKind } from "../../worker/leads/outcomes";

export { OUTCOME_KINDS, type OutcomeKind };

export type LeadSummary = {
  id: string;
  createdAt: number | string;
  status: string;
  name: string | null;
  email: string | null;
  company: string | null;
  formId: string;
  teamId: string | null;
  repId: string | null;
  repName: string | null;
  ruleId: string | null;
};

export type LeadFilters = {
  status?: string;
  teamId?: string;
  repId?: string;
  q?: string;
  /** ISO dates or datetimes; the API bounds `createdAt`. */
  from?: string;
  to?: string;
};

export type TimelineEntry = { at: number | string; kind: string; detail?: unknown };

export type LeadDetail = {
  lead: {
    id: string;
    createdAt: number | string;
    status: string;
    formId: string;
    fields: Record<string, unknown>;
    context?: Record<string, unknown> | null;
    score?: number | null;
    tier?: string | null;
    erasedAt?: number | null;
  };
  timeline: TimelineEntry[];
  decisions: { at: number | string; kind: string; trace: unknown }[];
  bookings: Record<string, unknown>[];
  deliveries: Record<string, unknown>[];
  outcomes: { id?: string; kind: string; at: number | string; repId?: string | null }[];
};

export type OutcomeCounts = Partial<Record<OutcomeKind, number>>;

export type Analytics = {
  range: { from: number | string; to: number | string };
  series: { date: string; leads: number; routed: number; slotsShown: number; booked: number }[];
  distribution: {
    teamId: string | null;
    repId: string;
    repName: string | null;
    count: number;
    share: number;
    targetShare: number | null;
  }[];
  sla: {
    teamId: string | null;
    assignments: number;
    accepted: number;
    breached: number;
    compliance: number | null;
    medianMinutesToAccept: number | null;
  }[];
  funnel: {
    submitted: number;
    slotsShown: number;
    booked: number;
    /** Sent the not-booked follow-up, and of those, booked afterwards (absent from older servers). */
    followedUp?: number;
    recovered?: number;
  };
  conversion: {
    byRule: { ruleId: string | null; leads: number; outcomes: OutcomeCounts }[];
    byRep: { repId: string | null; repName: string | null; leads: number; outcomes: OutcomeCounts }[];
  };
};

export type Account = {
  domain: string;
  name: string;
  ownerRepId: string | null;
  parentDomain: string | null;
  updatedAt?: number;
};

/** What an account import may carry per row; null clears an optional field. */
export type AccountInput = {
  domain: string;
  name: string;
  ownerRepId?: string | null;
  parentDomain?: string | null;
};

/** A row the server refused; `row` is 1-based within the request. */
export type InvalidRow = {
  row: number;
  errors: ({ path?: (string | number)[]; message: string } | string)[];
};

export type ImportResult = {
  received?: number;
  created: number;
  updated: number;
  invalid?: InvalidRow[];
};

export type Delivery = {
  id: string;
  kind: "notification" | "webhook";
  channel: string;
  target: string | null;
  event: string;
  leadId: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: number | string;
  updatedAt: number | string;
};

export type EraseResult = { email: string; erased: Record<string, number> };

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

const enc = encodeURIComponent;

/** The data screens' calls, bound to the signed-in token. */
export function dataApi(token: string) {
  return {
    leads: (filters: LeadFilters, cursor?: string, limit = 50) =>
      call<{ leads: LeadSummary[]; nextCursor: string | null }>(
        token,
        "GET",
        `/v1/admin/leads${query({ ...filters, cursor, limit })}`,
      ),
    lead: (id: string) => call<LeadDetail>(token, "GET", `/v1/admin/leads/${enc(id)}`),
    accept: (id: string) =>
      call<{ alreadyAccepted: boolean; repId: string }>(token, "POST", `/v1/admin/leads/${enc(id)}/accept`),
    reassign: (id: string, body: { toRepId?: string; teamId?: string; reason: string }) =>
      call<Reassigned>(token, "POST", `/v1/admin/leads/${enc(id)}/reassign`, body),
    recordOutcome: (id: string, kind: OutcomeKind) =>
      call<{ id: string }>(token, "POST", `/v1/admin/leads/${enc(id)}/outcomes`, { kind }),

    analytics: (from?: string, to?: string) =>
      call<Analytics>(token, "GET", `/v1/admin/analytics${query({ from, to, bucket: "day" })}`),

    accounts: (q: string, cursor?: string, limit = 50) =>
      call<{ accounts: Account[]; nextCursor?: string | null; next?: string | null }>(
        token,
        "GET",
        `/v1/admin/accounts${query({ q, cursor, limit })}`,
      ),
    updateAccount: (domain: string, patch: Partial<AccountInput>) =>
      call<{ account: Account }>(token, "PATCH", `/v1/admin/accounts/${enc(domain)}`, patch),
    checkAccounts: (accounts: AccountInput[]) =>
      call<{ valid: number; invalid: InvalidRow[] }>(token, "POST", "/v1/admin/accounts/import?dryRun=true", {
        accounts,
      }),
    importAccounts: (accounts: AccountInput[]) =>
      call<ImportResult>(token, "POST", "/v1/admin/accounts/import?skipInvalid=true", { accounts }),

    deliveries: (filters: { kind?: string; status?: string; leadId?: string }, cursor?: string) =>
      call<{ deliveries: Delivery[]; nextCursor: string | null }>(
        token,
        "GET",
        `/v1/admin/deliveries${query({ ...filters, cursor, limit: 50 })}`,
      ),
    redeliver: (id: string) => call<unknown>(token, "POST", `/v1/admin/deliveries/${enc(id)}/redeliver`),

    erase: (email: string, confirm: string) =>
      call<EraseResult>(token, "POST", "/v1/admin/privacy/erase", { email, confirm }),
  };
}

export type DataApi = ReturnType<typeof dataApi>;

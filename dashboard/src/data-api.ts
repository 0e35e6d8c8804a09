/**
 * The admin endpoints behind the data screens (leads, accounts, analytics, deliveries,
 * privacy). Every wire shape is the server's contract (worker/<feature>/contract.ts),
 * imported as a type: nothing here is a copy that could drift.
 */
import { call } from "./api";
import type {
  Account,
  AccountInput,
  AccountPatch,
  AccountsPage,
  AccountUpdated,
  ImportResult,
  InvalidRow,
} from "../../worker/accounts/contract";
import type { Analytics, OutcomeCounts } from "../../worker/analytics/contract";
import type {
  Accepted,
  LeadDetail,
  LeadFilters,
  LeadsPage,
  LeadSummary,
  OutcomeRecorded,
} from "../../worker/leads/contract";
import type { Reassigned, ReassignRequest } from "../../worker/leads/reassign-contract";
import type { DeliveriesFilter, DeliveriesPage, Delivery, Redelivered } from "../../worker/notify/contract";
import type { EraseResult } from "../../worker/privacy/contract";
import type {
  DryRun,
  EventList,
  EventListCreate,
  EventListDetail,
  EventLists,
  RunResult,
} from "../../worker/event-lists/contract";
import { OUTCOME_KINDS, type OutcomeKind } from "../../worker/leads/outcomes";

export { OUTCOME_KINDS };
export type {
  Account,
  AccountInput,
  Analytics,
  DeliveriesFilter,
  Delivery,
  DryRun,
  EraseResult,
  EventList,
  EventListCreate,
  EventListDetail,
  InvalidRow,
  LeadDetail,
  LeadFilters,
  LeadSummary,
  OutcomeCounts,
  OutcomeKind,
};

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
      call<LeadsPage>(token, "GET", `/v1/admin/leads${query({ ...filters, cursor, limit })}`),
    lead: (id: string) => call<LeadDetail>(token, "GET", `/v1/admin/leads/${enc(id)}`),
    accept: (id: string) => call<Accepted>(token, "POST", `/v1/admin/leads/${enc(id)}/accept`),
    reassign: (id: string, body: ReassignRequest) =>
      call<Reassigned>(token, "POST", `/v1/admin/leads/${enc(id)}/reassign`, body),
    recordOutcome: (id: string, kind: OutcomeKind) =>
      call<OutcomeRecorded>(token, "POST", `/v1/admin/leads/${enc(id)}/outcomes`, { kind }),

    analytics: (days: number) =>
      call<Analytics>(token, "GET", `/v1/admin/analytics${query({ days, bucket: "day" })}`),

    accounts: (q: string, cursor?: string, limit = 50) =>
      call<AccountsPage>(token, "GET", `/v1/admin/accounts${query({ q, cursor, limit })}`),
    updateAccount: (domain: string, patch: AccountPatch) =>
      call<AccountUpdated>(token, "PATCH", `/v1/admin/accounts/${enc(domain)}`, patch),
    checkAccounts: (accounts: AccountInput[]) =>
      call<ImportResult>(token, "POST", "/v1/admin/accounts/import?dryRun=true", {
        accounts,
      }),
    importAccounts: (accounts: AccountInput[]) =>
      call<ImportResult>(token, "POST", "/v1/admin/accounts/import?skipInvalid=true", { accounts }),

    eventLists: () => call<EventLists>(token, "GET", "/v1/admin/event-lists"),
    eventList: (id: string) => call<EventListDetail>(token, "GET", `/v1/admin/event-lists/${enc(id)}`),
    uploadEventList: (body: EventListCreate) =>
      call<EventListDetail>(token, "POST", "/v1/admin/event-lists", body),
    dryRunEventList: (id: string) => call<DryRun>(token, "POST", `/v1/admin/event-lists/${enc(id)}/dry-run`),
    runEventList: (id: string, limit: number) =>
      call<RunResult>(token, "POST", `/v1/admin/event-lists/${enc(id)}/run${query({ limit })}`),

    deliveries: (filters: DeliveriesFilter, cursor?: string) =>
      call<DeliveriesPage>(token, "GET", `/v1/admin/deliveries${query({ ...filters, cursor, limit: 50 })}`),
    redeliver: (id: string) => call<Redelivered>(token, "POST", `/v1/admin/deliveries/${enc(id)}/redeliver`),

    erase: (email: string, confirm: string) =>
      call<EraseResult>(token, "POST", "/v1/admin/privacy/erase", { email, confirm }),
  };
}

export type DataApi = ReturnType<typeof dataApi>;

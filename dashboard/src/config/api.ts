/** The admin endpoints behind config editing, testing, publishing and the audit log. */
import type {
  ConnectableProvider,
  ConnectionsResponse,
  ConnectLink,
} from "../../../worker/calendars/contract";
import type { LintFinding, RoutingConfig } from "../../../worker/core/config-doc";
import { ApiError, call, type VersionSummary } from "../api";

export type Config = RoutingConfig;
export type ActiveConfig = { version: number; config: Config };
export type Path = (string | number)[];
export type ConfigError = { path: Path; code: string; message: string };
export type Verdict = { valid: boolean; errors: ConfigError[]; lint: LintFinding[] };
export type Saved = { version: number; created: boolean; lint: LintFinding[] };
export type RouteTestResult = {
  version: number | null;
  ruleId: string;
  destination: unknown;
  trace: unknown;
};
export type LeadSample = {
  fields: Record<string, unknown>;
  context?: { source?: string; utm?: Record<string, string> };
};
export type AuditEntry = {
  id: string;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
};
export type BacktestSummary = {
  summary: {
    total: number;
    changed: number;
    destinationChanged: number;
    toFallback: number;
    toFallbackBefore: number;
    newlyToFallback: number;
  };
  loadShift: { kind: "team" | "rep"; id: string; before: number; after: number; delta: number }[];
};

const enc = encodeURIComponent;

export function configApi(token: string) {
  return {
    versions: () =>
      call<{ versions: VersionSummary[] }>(token, "GET", "/v1/admin/config/versions").then((b) => b.versions),
    active: () =>
      call<ActiveConfig>(token, "GET", "/v1/admin/config").catch((err: unknown) => {
        if (err instanceof ApiError && err.code === "no_active_config") return null;
        throw err;
      }),
    version: (v: number) => call<ActiveConfig>(token, "GET", `/v1/admin/config/versions/${v}`),
    validate: (doc: unknown) => call<Verdict>(token, "POST", "/v1/admin/config/validate", doc),
    save: (doc: unknown, note?: string) =>
      call<Saved>(token, "POST", `/v1/admin/config/versions${note ? `?note=${enc(note)}` : ""}`, doc),
    publish: (v: number) =>
      call<{ version: number; changed: boolean }>(token, "POST", `/v1/admin/config/versions/${v}/publish`),
    routeTest: (body: { lead: LeadSample; formId: string; config?: unknown; version?: number }) =>
      call<RouteTestResult>(token, "POST", "/v1/admin/route/test", body),
    audit: (before?: number) =>
      call<{ entries: AuditEntry[] }>(
        token,
        "GET",
        `/v1/admin/audit?limit=50${before ? `&before=${before}` : ""}`,
      ).then((b) => b.entries),
    calendars: () =>
      call<ConnectionsResponse>(token, "GET", "/v1/admin/calendar/connections").then((b) => b.connections),
    connectLink: (provider: ConnectableProvider, repId: string) =>
      call<ConnectLink>(token, "GET", `/v1/admin/calendar/${provider}/connect/${enc(repId)}`),
    /** Null while the Worker has no backtest route (404 not_found from the router). */
    backtest: (v: number) =>
      call<BacktestSummary>(token, "POST", `/v1/admin/config/versions/${v}/backtest`, {}).catch(
        (err: unknown) => {
          if (err instanceof ApiError && err.status === 404) return null;
          throw err;
        },
      ),
  };
}

export type ConfigApi = ReturnType<typeof configApi>;

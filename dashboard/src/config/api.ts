/** The admin endpoints behind config editing, testing, publishing and the audit log. */
import type { RoutingConfig } from "../../../worker/core/config-doc";
import { ApiError, call } from "../api";
import type { AuditPage, AuditEntry } from "../../../worker/audit/contract";
import type {
  CalendarConnection,
  ConnectableProvider,
  ConnectionList,
  ConnectLink,
} from "../../../worker/calendars/contract";
import type { BacktestReport } from "../../../worker/config/backtest-contract";
import type {
  Published,
  RouteTestRequest,
  RouteTestResult,
  Saved,
  Verdict,
  VersionedConfig,
  VersionList,
} from "../../../worker/config/contract";

export type Config = RoutingConfig;
export type ActiveConfig = VersionedConfig;
export type Path = (string | number)[];
export type ConfigError = Verdict["errors"][number];
export type LeadSample = RouteTestRequest["lead"];
export type { AuditEntry, CalendarConnection, RouteTestResult, Saved, Verdict };
/** The part of the backtest report the publish screen shows. */
export type BacktestSummary = Pick<BacktestReport, "summary" | "loadShift">;

const enc = encodeURIComponent;
const query = (q: Record<string, string | number | null | undefined>) => {
  const set = Object.entries(q).filter(([, v]) => v !== undefined && v !== null && v !== "");
  return set.length ? `?${set.map(([k, v]) => `${k}=${enc(String(v))}`).join("&")}` : "";
};

export function configApi(token: string) {
  return {
    versions: () => call<VersionList>(token, "GET", "/v1/admin/config/versions").then((b) => b.versions),
    active: () =>
      call<VersionedConfig>(token, "GET", "/v1/admin/config").catch((err: unknown) => {
        if (err instanceof ApiError && err.code === "no_active_config") return null;
        throw err;
      }),
    version: (v: number) => call<VersionedConfig>(token, "GET", `/v1/admin/config/versions/${v}`),
    validate: (doc: unknown) => call<Verdict>(token, "POST", "/v1/admin/config/validate", doc),
    /** `basedOn`: the version the document was edited from; a newer one saved since → 409 stale_config. */
    save: (doc: unknown, note?: string, basedOn?: number | null) =>
      call<Saved>(token, "POST", `/v1/admin/config/versions${query({ note, basedOn })}`, doc),
    /** `expectActive`: the live version the admin saw; another one live since → 409 stale_config. */
    publish: (v: number, expectActive?: number | null) =>
      call<Published>(token, "POST", `/v1/admin/config/versions/${v}/publish${query({ expectActive })}`),
    routeTest: (body: RouteTestRequest) => call<RouteTestResult>(token, "POST", "/v1/admin/route/test", body),
    audit: (before?: number) =>
      call<AuditPage>(token, "GET", `/v1/admin/audit?limit=50${before ? `&before=${before}` : ""}`).then(
        (b) => b.entries,
      ),
    calendars: () =>
      call<ConnectionList>(token, "GET", "/v1/admin/calendar/connections").then((b) => b.connections),
    connectLink: (provider: ConnectableProvider, repId: string) =>
      call<ConnectLink>(token, "GET", `/v1/admin/calendar/${provider}/connect/${enc(repId)}`),
    /** Null while the Worker has no backtest route (404 not_found from the router). */
    backtest: (v: number) =>
      call<BacktestReport>(token, "POST", `/v1/admin/config/versions/${v}/backtest`, {}).catch(
        (err: unknown) => {
          if (err instanceof ApiError && err.status === 404) return null;
          throw err;
        },
      ),
  };
}

export type ConfigApi = ReturnType<typeof configApi>;

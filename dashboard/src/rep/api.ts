/**
 * The rep API (`/v1/rep/*`), same-origin with the session cookie (HttpOnly: this code never
 * sees it). Shapes come from worker/reps/contract.ts, as types only.
 */
import type {
  AwayRequest,
  RepOutcomeRequest,
  RepLeads,
  RepMe,
  RepMeetings,
  RepHours,
  RepHoursRequest,
  RepCalendar,
  RepCalendarConnectRequest,
} from "../../../worker/reps/contract";
import type { ConnectLink } from "../../../worker/calendars/contract";
import { ApiError } from "../api";

async function rep<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/v1/rep${path}`, {
      method,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "unreachable", "Baton could not be reached.");
  }
  if (res.status === 204) return undefined as T;
  const answer = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      answer?.error?.code ?? "http_error",
      answer?.error?.message ?? `Failed (${res.status}).`,
    );
  return answer as T;
}

export const repApi = {
  askLink: (email: string) => rep<{ sent: true }>("POST", "/auth/link", { email }),
  signIn: (token: string) => rep<{ repId: string; name: string }>("POST", "/auth/session", { token }),
  signOut: () => rep<void>("POST", "/auth/logout"),
  me: () => rep<RepMe>("GET", "/me"),
  leads: () => rep<RepLeads>("GET", "/leads"),
  accept: (leadId: string) =>
    rep<{ acceptedAt: number }>("POST", `/leads/${encodeURIComponent(leadId)}/accept`),
  outcome: (leadId: string, kind: RepOutcomeRequest["kind"]) =>
    rep<{ id: string }>("POST", `/leads/${encodeURIComponent(leadId)}/outcomes`, { kind }),
  meetings: () => rep<RepMeetings>("GET", "/meetings"),
  setAway: (change: AwayRequest) => rep<unknown>("PUT", "/away", change),
  clearAway: () => rep<void>("DELETE", "/away"),
  hours: () => rep<RepHours>("GET", "/hours"),
  setHours: (change: RepHoursRequest) => rep<unknown>("PUT", "/hours", change),
  calendar: () => rep<RepCalendar>("GET", "/calendar"),
  connectCalendar: (body: RepCalendarConnectRequest) => rep<ConnectLink>("POST", "/calendar/connect", body),
};

import type { Rep } from "../core/config-doc";
import type { GoogleProviderOptions } from "./google/provider";
import type { Database } from "../db/client";
import { createBuiltinProvider, type BuiltinDeps } from "./builtin";
import { CalendarError, type BusyInterval, type BusyResult, type CalendarProvider } from "./provider";
import { googleCalendar, microsoftCalendar } from "../lazy";

export { CalendarError, type BusyResult, type CalendarProvider } from "./provider";

type External = "google" | "microsoft";

/** The calendars of one request: builtin always, Google and Microsoft loaded on first use. */
export type Calendars = {
  builtin: CalendarProvider;
  /** The provider that holds this rep's events. */
  forRep(rep: Pick<Rep, "calendar">): Promise<CalendarProvider>;
  /**
   * Busy time of these reps: Baton's own bookings for everyone (they count whatever the
   * provider, and an external event may still be pending), plus Google free/busy for Google
   * reps and Outlook getSchedule for Microsoft reps. A rep whose calendar cannot be read is in
   * `unavailable`; one whose Microsoft connection is dead is in `fallback` (builtin view only).
   */
  busy(reps: readonly Pick<Rep, "id" | "calendar">[], from: number, to: number): Promise<BusyResult>;
};

export type CalendarDeps = Omit<BuiltinDeps, "db" | "queue"> & {
  env: Env;
  db: Database;
  reps: readonly Rep[];
  /** Clock, timeouts and cache of the Google provider; tests inject fake time here. */
  google?: Omit<GoogleProviderOptions, "reps">;
  /** The same for the Microsoft provider; defaults to `google`'s. */
  microsoft?: Omit<GoogleProviderOptions, "reps">;
};

/**
 * Builds the request's calendars. Google code is only needed by Google shops and Graph code
 * by Outlook shops, so each external provider is imported only when a rep on it is touched;
 * a deployment without Google or Microsoft reps never runs them.
 */
export function createCalendars(deps: CalendarDeps): Calendars {
  const builtin = createBuiltinProvider({ ...deps, db: deps.db, queue: deps.env.NOTIFICATIONS });
  const loaded: Partial<Record<External, Promise<CalendarProvider>>> = {};
  const load = (kind: External) =>
    (loaded[kind] ??= kind === "google" ? importGoogle(deps) : importMicrosoft(deps));
  const externalBusy = async (
    kind: External,
    ids: string[],
    from: number,
    to: number,
  ): Promise<BusyResult> => {
    if (ids.length === 0) return { busy: new Map(), unavailable: new Map() };
    try {
      return await (await load(kind)).busy(ids, from, to);
    } catch (err) {
      const reason = err instanceof Error ? err.message : `${kind} provider failed`;
      return { busy: new Map(), unavailable: new Map(ids.map((id) => [id, reason])) };
    }
  };
  return {
    builtin,
    forRep: (rep) => {
      const p = rep.calendar.provider;
      return p === "google" || p === "microsoft" ? load(p) : Promise.resolve(builtin);
    },
    async busy(reps, from, to) {
      const ids = (kind: External) => reps.filter((r) => r.calendar.provider === kind).map((r) => r.id);
      const [own, google, microsoft] = await Promise.all([
        builtin.busy(
          reps.map((r) => r.id),
          from,
          to,
        ),
        externalBusy("google", ids("google"), from, to),
        externalBusy("microsoft", ids("microsoft"), from, to),
      ]);
      return combine(combine(own, google), microsoft);
    },
  };
}

async function importGoogle(deps: CalendarDeps): Promise<CalendarProvider> {
  let mod: Awaited<ReturnType<typeof googleCalendar>>;
  try {
    mod = await googleCalendar();
  } catch {
    throw new CalendarError("Google Calendar support is not available in this build", "unavailable", false);
  }
  return mod.createGoogleProvider(deps.env, deps.db, { ...deps.google, reps: deps.reps });
}

async function importMicrosoft(deps: CalendarDeps): Promise<CalendarProvider> {
  let mod: Awaited<ReturnType<typeof microsoftCalendar>>;
  try {
    mod = await microsoftCalendar();
  } catch {
    throw new CalendarError("Microsoft 365 support is not available in this build", "unavailable", false);
  }
  return mod.createMicrosoftProvider(deps.env, deps.db, {
    ...(deps.microsoft ?? deps.google),
    reps: deps.reps,
  });
}

function combine(a: BusyResult, b: BusyResult): BusyResult {
  const busy = new Map<string, BusyInterval[]>(a.busy);
  for (const [id, list] of b.busy) busy.set(id, [...(busy.get(id) ?? []), ...list]);
  const fallback = new Map([...(a.fallback ?? []), ...(b.fallback ?? [])]);
  return { busy, unavailable: new Map([...a.unavailable, ...b.unavailable]), fallback };
}

import type { Rep } from "../core/config-doc";
import type { GoogleProviderOptions } from "./google/provider";
import type { Database } from "../db/client";
import { createBuiltinProvider, type BuiltinDeps } from "./builtin";
import { CalendarError, type BusyInterval, type BusyResult, type CalendarProvider } from "./provider";

export { CalendarError, type BusyResult, type CalendarProvider } from "./provider";

/** The calendars of one request: builtin always, Google loaded on first use. */
export type Calendars = {
  builtin: CalendarProvider;
  /** The provider that holds this rep's events. */
  forRep(rep: Pick<Rep, "calendar">): Promise<CalendarProvider>;
  /**
   * Busy time of these reps: Baton's own bookings for everyone (they count whatever the
   * provider, and a Google event may still be pending), plus Google free/busy for Google
   * reps. A rep whose Google calendar cannot be read is in `unavailable`.
   */
  busy(reps: readonly Pick<Rep, "id" | "calendar">[], from: number, to: number): Promise<BusyResult>;
};

export type CalendarDeps = Omit<BuiltinDeps, "db" | "queue"> & {
  env: Env;
  db: Database;
  reps: readonly Rep[];
  /** Clock, timeouts and cache of the Google provider; tests inject fake time here. */
  google?: Omit<GoogleProviderOptions, "reps">;
};

/**
 * Builds the request's calendars. `@googleapis/calendar` is heavy, so the Google provider is
 * imported only when a rep on Google is touched; a deployment without Google never loads it.
 */
export function createCalendars(deps: CalendarDeps): Calendars {
  const builtin = createBuiltinProvider({ ...deps, db: deps.db, queue: deps.env.NOTIFICATIONS });
  let google: Promise<CalendarProvider> | undefined;
  const loadGoogle = () => (google ??= importGoogle(deps));
  return {
    builtin,
    forRep: (rep) => (rep.calendar.provider === "google" ? loadGoogle() : Promise.resolve(builtin)),
    async busy(reps, from, to) {
      const ids = reps.map((r) => r.id);
      const googleIds = reps.filter((r) => r.calendar.provider === "google").map((r) => r.id);
      const own = await builtin.busy(ids, from, to);
      if (googleIds.length === 0) return own;
      let external: BusyResult;
      try {
        external = await (await loadGoogle()).busy(googleIds, from, to);
      } catch (err) {
        const reason = err instanceof Error ? err.message : "google provider failed";
        external = { busy: new Map(), unavailable: new Map(googleIds.map((id) => [id, reason])) };
      }
      return combine(own, external);
    },
  };
}

async function importGoogle(deps: CalendarDeps): Promise<CalendarProvider> {
  let mod: typeof import("./google/provider");
  try {
    mod = await import("./google/provider");
  } catch {
    throw new CalendarError("Google Calendar support is not available in this build", "unavailable", false);
  }
  return mod.createGoogleProvider(deps.env, deps.db, { ...deps.google, reps: deps.reps });
}

function combine(a: BusyResult, b: BusyResult): BusyResult {
  const busy = new Map<string, BusyInterval[]>(a.busy);
  for (const [id, list] of b.busy) busy.set(id, [...(busy.get(id) ?? []), ...list]);
  return { busy, unavailable: new Map([...a.unavailable, ...b.unavailable]) };
}

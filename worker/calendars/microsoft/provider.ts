/**
 * The Microsoft 365 provider: Outlook free/busy through getSchedule and events through Graph,
 * per rep (the rep's own OAuth connection) or for the whole tenant (app-only, admin consent).
 * It is built into its own module (worker/lazy/microsoft-calendar.ts) and loaded through
 * `microsoftCalendar()` (worker/lazy.ts), so a deployment with no Microsoft rep never loads it.
 */
import type { CalendarConnection } from "../connection-queries";
import type { Database } from "../../db/client";
import { FreeBusyCache } from "../busy-cache";
import type { GoogleProviderOptions } from "../google/provider";
import { systemClock } from "../google/retry";
import type { BusyResult, CalendarProvider } from "../provider";
import { busyOfReps, eventTargetOf, queueBrokenNotifier, retryBudget } from "../vendor-provider";
import { microsoftConfig, type MicrosoftConfig } from "./config";
import { appSource, connectionSource, type CredentialDeps } from "./credentials";
import { cancelGraphEvent, createGraphEvent, updateGraphEvent, type EventTarget } from "./events";
import { scheduleBusy, type ScheduleTarget } from "./schedule";

/** Same knobs as the Google provider: clock, jitter, budgets, cache and the broken-connection notice. */
export type MicrosoftProviderOptions = GoogleProviderOptions;
type MicrosoftRep = { id: string; email: string; calendar?: { provider: string; mailbox?: string } };

const sharedCache = new FreeBusyCache();

const canUseApp = (cfg: MicrosoftConfig) =>
  cfg.appOnly && !!cfg.tenantId && !!cfg.clientId && !!cfg.clientSecret;

/** Builds the provider for one request; cheap, the caches live per isolate. */
export function createMicrosoftProvider(
  env: Env,
  db: Database,
  opts: MicrosoftProviderOptions = {},
): CalendarProvider {
  const cfg = microsoftConfig(env);
  const clock = opts.clock ?? systemClock;
  const notifyBroken = opts.notifyBroken ?? queueBrokenNotifier(env, "microsoft");
  const deps: CredentialDeps = { db, cfg, clock, notifyBroken };
  const reps = new Map((opts.reps ?? []).map((r) => [r.id, r as MicrosoftRep]));
  const retry = retryBudget(clock, opts);

  /** The mailbox and credential of one rep, or why there is none. */
  function target(repId: string, conn: CalendarConnection | undefined): ScheduleTarget | string {
    const rep = reps.get(repId);
    const mailbox = rep?.calendar?.mailbox ?? rep?.email;
    if (conn && conn.provider === "microsoft") {
      if (conn.status !== "connected") return `microsoft:connection_${conn.status}`;
      return {
        repId,
        schedule: conn.accountEmail ?? mailbox ?? "",
        via: "me",
        source: connectionSource(deps, conn),
      };
    }
    if (!canUseApp(cfg) || !mailbox) return "microsoft:not_connected";
    return {
      repId,
      schedule: mailbox,
      via: `users/${encodeURIComponent(mailbox)}`,
      source: appSource(deps, cfg.tenantId!),
    };
  }

  const eventTarget = (repId: string): Promise<EventTarget> => eventTargetOf(db, "microsoft", repId, target);

  return {
    kind: "microsoft",
    busy(repIds, from, to): Promise<BusyResult> {
      return busyOfReps({
        db,
        vendor: "microsoft",
        repIds,
        target,
        read: (targets) =>
          scheduleBusy(
            {
              root: cfg.graphRoot,
              cache: opts.cache ?? sharedCache,
              retry: retry(opts.busyTimeoutMs ?? 3_000),
            },
            targets,
            from,
            to,
          ),
        // A rep with no usable connection is offered on Baton's own busy time, not dropped.
        reasonsTo: "fallback",
      });
    },
    async createEvent(input) {
      return createGraphEvent(
        cfg.graphRoot,
        await eventTarget(input.repId),
        input,
        retry(opts.eventTimeoutMs ?? 10_000),
      );
    },
    async updateEvent(eventId, input) {
      const t = await eventTarget(input.repId);
      return updateGraphEvent(cfg.graphRoot, t, eventId, input, retry(opts.eventTimeoutMs ?? 10_000));
    },
    async cancelEvent(repId, eventId) {
      await cancelGraphEvent(
        cfg.graphRoot,
        await eventTarget(repId),
        eventId,
        retry(opts.eventTimeoutMs ?? 10_000),
      );
    },
  };
}

import type { Rep, RoutingConfig, Team } from "../core/config-doc";
import type { BatonEvent } from "../core/webhooks";
import type { NotificationMessage } from "../notify/channel";
import type { LeadSummary } from "../notify/rep-notice";

/** What one sweep run shares across the rows it handles; messages go out once at the end. */
export type SweepContext = {
  env: Env;
  now: number;
  config: RoutingConfig;
  version: number;
  leads: Map<string, LeadSummary>;
  events: BatonEvent[];
  notices: NotificationMessage[];
  /** Outbox entries the run committed, handed off once at the end. */
  outbox: string[];
};

export function findRep(config: RoutingConfig, id: string): Rep | undefined {
  return config.reps.find((r) => r.id === id);
}

export function findTeam(config: RoutingConfig, id: string | null): Team | undefined {
  return id ? config.teams.find((t) => t.id === id) : undefined;
}

import type { NotificationChannels, Rep, RoutingConfig } from "../core/config-doc";

/** Whose channel a message goes to: the rep's own, a team's shared one, or the org's. */
export type Audience = { scope: "rep" | "team" | "org"; id: string };

/** One channel that hears about a notice. `address` is the email address or chat webhook URL. */
export type Recipient = { channel: "slack" | "teams" | "email"; audience: Audience; address: string };

/** The parts of the config that say who hears about what. */
export type ChannelConfig = Pick<RoutingConfig, "teams" | "notifications">;

type Options = {
  /** Shared (team and org) channels hear about it too; false for notices meant for one rep. */
  shared: boolean;
  /** The rep's email gets it (off for meetings: the calendar invite already told them). */
  repEmail: boolean;
};

/**
 * Who receives a notice, in precedence order: the rep's channels, then the team's, then the
 * org's. Every one of them receives it (fan-out, not override), but each target only once:
 * when a team channel is also the rep's own, the rep's message (with its Accept button) is
 * the one sent.
 */
export function recipientsFor(
  rep: Pick<Rep, "id" | "email" | "notify">,
  teamId: string | null | undefined,
  config: ChannelConfig | undefined,
  opts: Options,
): Recipient[] {
  const out: Recipient[] = [];
  const seen = new Set<string>();
  const add = (channel: Recipient["channel"], audience: Audience, address: string | undefined) => {
    if (!address) return;
    // Email addresses compare case-insensitively; a webhook URL's token is case-sensitive.
    const key = `${channel} ${channel === "email" ? address.toLowerCase() : address}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ channel, audience, address });
  };
  const addShared = (audience: Audience, c: NotificationChannels | undefined) => {
    add("slack", audience, c?.slackWebhookUrl);
    add("teams", audience, c?.teamsWebhookUrl);
    add("email", audience, c?.email);
  };
  const own: Audience = { scope: "rep", id: rep.id };
  add("slack", own, rep.notify?.slackWebhookUrl);
  add("teams", own, rep.notify?.teamsWebhookUrl);
  if (opts.repEmail && rep.notify?.email !== false) add("email", own, rep.email);
  if (!opts.shared || !config) return out;
  const team = teamId ? config.teams.find((t) => t.id === teamId) : undefined;
  if (team) addShared({ scope: "team", id: team.id }, team.notifications);
  addShared({ scope: "org", id: "org" }, config.notifications);
  return out;
}

/** The config field that holds each chat channel's webhook URL. */
export type HookField = "slackWebhookUrl" | "teamsWebhookUrl";

/**
 * The chat webhook URL of an audience in the live config, looked up at delivery time: the URL
 * is a credential, so it never sits in the queue or the log, and a removed channel stops at once.
 */
export function hookUrlOf(
  config: ChannelConfig & Pick<RoutingConfig, "reps">,
  audience: Audience,
  field: HookField,
): string | undefined {
  if (audience.scope === "rep") return config.reps.find((r) => r.id === audience.id)?.notify?.[field];
  if (audience.scope === "team")
    return config.teams.find((t) => t.id === audience.id)?.notifications?.[field];
  return config.notifications?.[field];
}

/** The Slack URL of an audience (see `hookUrlOf`). */
export const slackUrlOf = (config: ChannelConfig & Pick<RoutingConfig, "reps">, audience: Audience) =>
  hookUrlOf(config, audience, "slackWebhookUrl");

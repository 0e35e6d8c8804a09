/**
 * Optional settings of the notification channels. They are read by name rather than typed
 * on `Env`, because `wrangler types` only emits vars declared in wrangler.toml and these are
 * optional per deployment.
 */
function optional(env: Env, name: string): string | undefined {
  const value = (env as unknown as Record<string, unknown>)[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Origin used in links sent to reps (accept links), since a cron run has no request URL. */
export function publicBaseUrl(env: Env): string {
  return (optional(env, "PUBLIC_BASE_URL") ?? "http://localhost:8787").replace(/\/+$/, "");
}

/** `WEBHOOK_ALLOW_PRIVATE=true` lets outbound hooks reach loopback/private hosts: local dev and tests only. */
export function allowPrivateTargets(env: Env): boolean {
  return optional(env, "WEBHOOK_ALLOW_PRIVATE") === "true";
}

/**
 * Self-hosted workerd only: a DNS-over-HTTPS JSON endpoint (e.g. https://cloudflare-dns.com/dns-query)
 * used to resolve webhook, Slack and Teams hosts and refuse private answers before delivery.
 * On Cloudflare, egress cannot reach the deployment's private networks, so it is not needed.
 */
export function dohResolverUrl(env: Env): string | undefined {
  return optional(env, "OUTBOUND_DOH_URL");
}

/** Sender address of notification email. */
export function emailFrom(env: Env): string {
  return optional(env, "EMAIL_FROM") ?? "baton@localhost";
}

/** The `send_email` binding, when the deployment has one; without it email goes to the dev outbox. */
export function emailBinding(env: Env): SendEmail | undefined {
  const binding = (env as unknown as Record<string, unknown>).EMAIL;
  return binding && typeof binding === "object" ? (binding as SendEmail) : undefined;
}

/** Sends `url` to a fake's origin (same path and query) when `origin` is set and `ours(host)`. */
function toFake(origin: string | undefined, url: string, ours: (host: string) => boolean): string {
  if (!origin) return url;
  const parsed = new URL(url);
  if (!ours(parsed.hostname)) return url;
  return `${origin.replace(/\/+$/, "")}${parsed.pathname}${parsed.search}`;
}

/**
 * Local development and tests: `SLACK_WEBHOOK_ORIGIN` sends Slack incoming-webhook calls
 * (`https://hooks.slack.com/services/…`) to a fake Slack at that origin instead, keeping the
 * path, the way `GOOGLE_API_ROOT` points the Google client at a fake. Other URLs are untouched.
 */
export function slackTarget(env: Env, url: string): string {
  return toFake(optional(env, "SLACK_WEBHOOK_ORIGIN"), url, (host) => host === "hooks.slack.com");
}

/** Hosts of Teams Workflows webhooks: Logic Apps (`prod-NN.<region>.logic.azure.com`) and Power Platform. */
const TEAMS_HOOK_HOST = /(^|\.)(logic\.azure\.com|powerplatform\.com|powerautomate\.com)$/;

/** Local development and tests: `TEAMS_WEBHOOK_ORIGIN` sends Workflows webhook calls to a fake. */
export function teamsTarget(env: Env, url: string): string {
  return toFake(optional(env, "TEAMS_WEBHOOK_ORIGIN"), url, (host) => TEAMS_HOOK_HOST.test(host));
}

// Secrets that only some deployments set, so they are not in wrangler.toml's required list
// and `wrangler types` cannot see them.
interface OptionalSecrets {
  /** Turnstile secret key; needed only when a form enables Turnstile. */
  TURNSTILE_SECRET?: string;
}
declare namespace Cloudflare {
  interface Env extends OptionalSecrets {}
}
interface Env extends OptionalSecrets {}

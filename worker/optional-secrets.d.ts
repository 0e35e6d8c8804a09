// Secrets that only some deployments set, so they are not in wrangler.toml's required list
// and `wrangler types` cannot see them.
interface OptionalSecrets {
  /** Turnstile secret key; needed only when a form enables Turnstile. */
  TURNSTILE_SECRET?: string;
  /** OAuth client secret; needed only for Google Calendar. */
  GOOGLE_CLIENT_SECRET?: string;
  /** JSON key of a service account with domain-wide delegation. */
  GOOGLE_SERVICE_ACCOUNT_KEY?: string;
  /** HubSpot OAuth app client secret; needed only to connect HubSpot by OAuth. */
  HUBSPOT_CLIENT_SECRET?: string;
  /** A HubSpot private-app token, the alternative to the OAuth install. */
  HUBSPOT_PRIVATE_APP_TOKEN?: string;
  /** Salesforce connected app consumer secret; needed only for the web server (OAuth) connect. */
  SALESFORCE_CLIENT_SECRET?: string;
  /** PKCS#8 PEM private key whose certificate is on the Salesforce connected app (JWT bearer flow). */
  SALESFORCE_JWT_PRIVATE_KEY?: string;
  /** The previous ENCRYPTION_KEY during rotation: decrypt only; rows are re-sealed on use. */
  ENCRYPTION_KEY_PREVIOUS?: string;
  /**
   * Simulated round trip to D1 / Durable Objects / the queue, in ms, for `wrangler dev`, tests
   * and benches (worker/edge/call-trace.ts). Ignored when ENVIRONMENT is "production".
   */
  EDGE_LATENCY_MS?: string;
  /**
   * Self-hosted behind a proxy: the header that proxy sets to the client's address
   * (`X-Forwarded-For`, `X-Real-IP`), read instead of `CF-Connecting-IP` for rate limits.
   */
  CLIENT_IP_HEADER?: string;
  /**
   * Self-hosted workerd: a DNS-over-HTTPS JSON endpoint; outbound webhook, Slack and Teams hosts
   * are resolved through it and refused when any answer is a private address.
   */
  OUTBOUND_DOH_URL?: string;
  /** With EDGE_LATENCY_MS: the round trip to a nearby D1 read replica (default 10 ms). */
  EDGE_REPLICA_MS?: string;
}
declare namespace Cloudflare {
  interface Env extends OptionalSecrets {}
}
interface Env extends OptionalSecrets {}

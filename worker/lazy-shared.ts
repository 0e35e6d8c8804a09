/**
 * The modules the entry lends to the lazily loaded ones (worker/lazy.ts). A lazy module is
 * bundled on its own (scripts/build-lazy.mjs); an import of any module listed here becomes,
 * in that bundle, a read of the entry's own instance, hung on a global below when the entry
 * starts. So the entry and a lazy module share one CalendarError, CrmError and AppError class
 * (`instanceof` in onError and in the callers holds across the boundary), one token cache,
 * and one copy of zod and drizzle, which are most of what a copy would weigh.
 *
 * The keys are the paths esbuild resolves the imports to (the build fails on a mismatch);
 * `npm run bundle:check` fails when a lazy module holds a copy of a module the entry has, and
 * names the module to add here. worker/index.ts calls `lendToLazyModules` at startup; under
 * vitest the lazy modules are the sources themselves and nothing reads the global.
 */
import * as zod from "zod";
import * as accountMatch from "./core/account-match";
import * as accountMatchNormalize from "./core/account-match/normalize";
import * as factNames from "./core/lead-facts/fact-names";
import * as connectionQueries from "./calendars/connection-queries";
import * as googleConfig from "./calendars/google/config";
import * as googleRetry from "./calendars/google/retry";
import * as googleTokenEndpoint from "./calendars/google/token-endpoint";
import * as microsoftConfig from "./calendars/microsoft/config";
import * as oauthCredentials from "./calendars/oauth/credentials";
import * as oauthTokenResponse from "./calendars/oauth/token-response";
import * as calendarProvider from "./calendars/provider";
import * as crmConnector from "./crm/connector";
import * as salesforceSettings from "./crm/salesforce-settings";
import * as crmSecrets from "./crm/secrets";

const lent: Record<string, object> = {
  "worker/http/zod-without-locales.js": zod,
  "worker/core/account-match/index.ts": accountMatch,
  "worker/core/account-match/normalize.ts": accountMatchNormalize,
  "worker/core/lead-facts/fact-names.ts": factNames,
  "worker/calendars/connection-queries.ts": connectionQueries,
  "worker/calendars/google/config.ts": googleConfig,
  "worker/calendars/google/retry.ts": googleRetry,
  "worker/calendars/google/token-endpoint.ts": googleTokenEndpoint,
  "worker/calendars/microsoft/config.ts": microsoftConfig,
  "worker/calendars/oauth/credentials.ts": oauthCredentials,
  "worker/calendars/oauth/token-response.ts": oauthTokenResponse,
  "worker/calendars/provider.ts": calendarProvider,
  "worker/crm/connector.ts": crmConnector,
  "worker/crm/salesforce-settings.ts": salesforceSettings,
  "worker/crm/secrets.ts": crmSecrets,
};

/** Hangs the lent modules where the lazy modules look for them; the entry calls it at startup. */
export function lendToLazyModules(): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("baton.lent-modules")] = lent;
}

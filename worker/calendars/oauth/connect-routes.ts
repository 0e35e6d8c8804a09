/**
 * What Google's and Microsoft's calendar connect flows share around their own consent URL and
 * token call: the OAuth client check, the OpenAPI routes of the admin's connect link and of the
 * public callback, and the callback's checks before and after the vendor redeems the code.
 */
import { createRoute } from "@hono/zod-openapi";
import { access } from "../../auth/roles";
import type { Database } from "../../db/client";
import { AppError } from "../../errors";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../../http/openapi-common";
import { ConnectLinkSchema, RepIdParam } from "../contract";
import { CalendarError } from "../provider";
import { connectedPage, saveConnection } from "./connect";
import { HtmlPageSchema, OAuthCallbackQuery } from "./contract";
import type { TokenGrant } from "./credentials";
import type { ConnectState } from "./state";

type Provider = "google" | "microsoft";

export type OAuthClient<C> = C & { clientId: string; clientSecret: string };

/** The config with its OAuth client, or a 503 that names the product and the variables to set. */
export function requireOAuthClient<C extends { clientId?: string; clientSecret?: string }>(
  cfg: C,
  product: string,
  variables: string,
): OAuthClient<C> {
  if (!cfg.clientId || !cfg.clientSecret)
    throw new AppError(503, "calendar_unavailable", `${product} is not configured (${variables}).`);
  return { ...cfg, clientId: cfg.clientId, clientSecret: cfg.clientSecret };
}

/** GET /calendar/{provider}/connect/{repId}: the link an admin sends a rep. */
export function connectLinkRoute<P extends Provider>(
  provider: P,
  text: { summary: string; link: string; unconfigured: string },
) {
  return createRoute({
    method: "get",
    path: `/calendar/${provider}/connect/{repId}` as const,
    summary: text.summary,
    security: adminSecurity,
    ...access("admin"),
    request: { params: RepIdParam },
    responses: {
      200: jsonResponse(ConnectLinkSchema, text.link),
      404: errorResponse("No such rep in the active config"),
      503: errorResponse(text.unconfigured),
      ...adminErrors,
    },
  });
}

/** GET /calendar/{provider}/callback: where the vendor sends the rep's browser back. */
export function callbackRoute<P extends Provider>(provider: P, vendor: string, product: string) {
  return createRoute({
    method: "get",
    path: `/calendar/${provider}/callback` as const,
    summary: `${vendor}'s OAuth redirect target; stores the rep's encrypted refresh token`,
    request: { query: OAuthCallbackQuery },
    responses: {
      200: {
        description: "Connected (an HTML page for the rep's browser)",
        content: { "text/html": { schema: HtmlPageSchema } },
      },
      400: errorResponse("Bad or expired state, consent refused, or code rejected"),
      503: errorResponse(`${product} is not configured or not reachable`),
    },
  });
}

/**
 * A failed code redemption as the rep's browser sees it: a grant the vendor rejected (expired,
 * reused) is the rep's to start again, anything else the vendor's to answer.
 */
export function redeemFailure(err: unknown, vendor: string, rejected: (err: CalendarError) => string) {
  if (err instanceof CalendarError && !err.retryable) return new AppError(400, "bad_request", rejected(err));
  return new AppError(503, "calendar_unavailable", `${vendor} could not be reached; try the link again.`);
}

/**
 * The callback once `state` is checked: refuses an invalid link or a refused consent, has the
 * vendor redeem the code, stores the connection and returns the page for the rep.
 */
export async function completeConnect(args: {
  db: Database;
  keys: { encryptionKey: string; encryptionKeyPrevious?: string };
  verified: ConnectState | null;
  query: { code?: string; error?: string };
  provider: Provider;
  vendor: string;
  calendarName: string;
  now: number;
  redeem: (code: string) => Promise<TokenGrant>;
}): Promise<string> {
  const { verified, vendor } = args;
  if (!verified)
    throw new AppError(
      400,
      "bad_request",
      "This connect link is invalid or expired; ask your admin for a new one.",
    );
  const { code, error } = args.query;
  if (error || !code)
    throw new AppError(400, "bad_request", `${vendor} did not grant access to the calendar.`);
  const grant = await args.redeem(code);
  if (!grant.refreshToken)
    throw new AppError(
      400,
      "bad_request",
      `${vendor} returned no refresh token; start the connection again.`,
    );
  const refreshToken = grant.refreshToken;
  await saveConnection(args.db, args.keys, verified, args.provider, { ...grant, refreshToken }, args.now);
  return connectedPage(args.calendarName);
}

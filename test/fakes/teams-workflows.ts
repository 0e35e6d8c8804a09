/**
 * A fake Teams Workflows webhook (the "When a Teams webhook request is received" trigger of
 * Power Automate / Logic Apps). Like the real trigger it answers 202 Accepted with an empty
 * body, and errors as `{ error: { code, message } }`
 * (https://learn.microsoft.com/rest/api/logic/workflowtriggers/run,
 * https://learn.microsoft.com/azure/connectors/connectors-native-reqres). It checks the body
 * the flow's "Post card in a chat or channel" step reads: a message with one attachment of
 * contentType `application/vnd.microsoft.card.adaptive` whose content is an AdaptiveCard
 * with a version and a body (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using).
 *
 * The path `/workflows/<token>/triggers/manual/paths/invoke` chooses the behaviour by its token:
 * `ok-…` works; `throttled-<seconds>-…` answers 429 with that Retry-After; `flaky-<n>-…` answers
 * 502 to its first n calls; `unauthorized-…` 401 (the URL's signature no longer valid), `gone-…`
 * 404 (flow deleted), `badgateway-…` always 502. Point Baton at it with `TEAMS_WEBHOOK_ORIGIN`;
 * read what it received at `GET /__received?prefix=/workflows/ok-x` (see recording-server).
 */
import type { Server } from "node:http";
import { startRecordingServer, type Reply } from "./recording-server";

const error = (
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Reply => ({
  status,
  body: JSON.stringify({ error: { code, message } }),
  headers: { "Content-Type": "application/json", ...headers },
});

/** What is wrong with a body for the "Post card" step, or null. */
export function teamsBodyProblem(body: string): string | null {
  let msg: any;
  try {
    msg = JSON.parse(body);
  } catch {
    return "body is not JSON";
  }
  const att = msg?.attachments?.[0];
  if (msg?.type !== "message" || !Array.isArray(msg.attachments)) return "not a message with attachments";
  if (att?.contentType !== "application/vnd.microsoft.card.adaptive")
    return "attachment is not an Adaptive Card";
  const card = att.content;
  if (card?.type !== "AdaptiveCard" || typeof card.version !== "string" || !Array.isArray(card.body))
    return "content is not an AdaptiveCard with a version and a body";
  if (body.length > 28_000) return "message larger than Teams' 28 KB";
  return null;
}

function answer(token: string, body: string, calls: number): Reply {
  const [kind = "", arg] = token.split("-");
  if (kind === "throttled")
    return error(429, "TooManyRequests", "Rate limit is exceeded.", {
      "Retry-After": String(Number(arg) || 30),
    });
  if (kind === "flaky" && calls <= (Number(arg) || 1)) return error(502, "BadGateway", "Bad gateway.");
  if (kind === "badgateway") return error(502, "BadGateway", "Bad gateway.");
  if (kind === "unauthorized")
    return error(401, "DirectApiInvalidAuthorizationSignature", "The provided signature is not valid.");
  if (kind !== "ok" && kind !== "flaky")
    return error(404, "WorkflowNotFound", "The workflow could not be found.");
  const problem = teamsBodyProblem(body);
  if (problem) return error(400, "InvalidRequestContent", problem);
  return { status: 202, body: "" };
}

export function startFakeTeams(): Promise<{ url: string; server: Server }> {
  const calls = new Map<string, number>();
  return startRecordingServer(({ method, path, body }) => {
    const match = /^\/workflows\/([^/]+)\/triggers\/manual\/paths\/invoke$/.exec(path);
    const n = (calls.get(path) ?? 0) + 1;
    calls.set(path, n);
    if (method !== "POST") return error(405, "UnsupportedMethod", "Only POST is accepted.");
    return match
      ? answer(match[1]!, body, n)
      : error(404, "WorkflowNotFound", "The workflow could not be found.");
  });
}

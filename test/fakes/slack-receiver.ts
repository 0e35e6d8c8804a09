/**
 * A fake Slack incoming-webhook endpoint. Like Slack, it answers 200 with the text body `ok`,
 * and otherwise a status with an error code as the text body
 * (https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks,
 * https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks#handling_errors):
 * 400 `invalid_payload` (not JSON) / `no_text` / `invalid_blocks` (a Block Kit limit broken),
 * 403 `action_prohibited`, 404 `no_service` or `channel_not_found`, 410 `channel_is_archived`,
 * 429 `rate_limited` with Retry-After, 500 `rollup_error`.
 *
 * The hook's last path segment (its secret token at Slack) chooses the behaviour:
 * `/services/T0/B0/ok-…` is a working hook; `…/channel_is_archived-…` (any code above) always
 * fails that way; `…/rate_limited-<seconds>-…` answers 429 with that Retry-After;
 * `…/flaky-<n>-…` answers 500 to its first n calls, then works. Point Baton at it with
 * `SLACK_WEBHOOK_ORIGIN`. What it received: `GET /__received?prefix=/services/T0/B0/ok-x`
 * (see recording-server).
 */
import type { Server } from "node:http";
import { startRecordingServer } from "./recording-server";
import { slackPayloadProblems } from "./slack-limits";

const FIXED: Record<string, [number, string]> = {
  invalid_payload: [400, "invalid_payload"],
  invalid_blocks: [400, "invalid_blocks"],
  action_prohibited: [403, "action_prohibited"],
  no_service: [404, "no_service"],
  channel_not_found: [404, "channel_not_found"],
  channel_is_archived: [410, "channel_is_archived"],
  rollup_error: [500, "rollup_error"],
};

function answer(token: string, body: string, calls: number): [number, string, Record<string, string>?] {
  const [kind = "", arg] = token.split("-");
  const fixed = FIXED[kind];
  if (fixed) return fixed;
  if (kind === "rate_limited") return [429, "rate_limited", { "Retry-After": String(Number(arg) || 30) }];
  if (kind === "flaky" && calls <= (Number(arg) || 1)) return [500, "rollup_error"];
  if (kind !== "ok" && kind !== "flaky") return [404, "no_service"];
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return [400, "invalid_payload"];
  }
  const problems = slackPayloadProblems(payload);
  if (problems.length === 0) return [200, "ok"];
  return [400, problems[0]!.startsWith("no_text") ? "no_text" : "invalid_blocks"];
}

export function startFakeSlack(): Promise<{ url: string; server: Server }> {
  const calls = new Map<string, number>();
  return startRecordingServer(({ method, path, body }) => {
    const match = /^\/services\/[^/]+\/[^/]+\/([^/]+)$/.exec(path);
    const n = (calls.get(path) ?? 0) + 1;
    calls.set(path, n);
    const [status, text, headers = {}] =
      method !== "POST" ? [405, "invalid_method"] : match ? answer(match[1]!, body, n) : [404, "no_service"];
    return { status, body: text, headers: { "Content-Type": "text/html", ...headers } };
  });
}

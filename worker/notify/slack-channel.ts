import { chatHookChannel, type ChatPayload } from "./chat-hook-channel";
import { slackTarget } from "./settings";

/** What a Slack queue message carries: the audience and the Block Kit message. */
export type SlackPayload = ChatPayload & { text: string; blocks: unknown[] };

/**
 * Posts a Block Kit message to the audience's Slack incoming webhook. Slack answers 400, 403,
 * 404 and 410 for a malformed message or a revoked, disabled or archived hook; retrying cannot
 * help (https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks,
 * https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks#handling_errors).
 * Its error body is a bare code (`channel_is_archived`), kept for the log.
 */
export const slackChannel = chatHookChannel<SlackPayload>({
  vendor: "Slack",
  field: "slackWebhookUrl",
  permanent: new Set([400, 403, 404, 410]),
  target: slackTarget,
  body: ({ text, blocks }) => JSON.stringify({ text, blocks }),
  errorCode: (text) =>
    text
      .trim()
      .slice(0, 100)
      .replace(/[^\w.-]/g, ""),
});

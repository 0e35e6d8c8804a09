import { z } from "zod";
// The outbound-URL policy is pure (string checks, no I/O), so the schema can apply it at save
// time; deliveries apply it again on every attempt.
import { checkOutboundUrl } from "../webhooks/outbound-url";
import { emailSchema, httpsUrlSchema, issue } from "./primitives";

/**
 * A chat webhook URL (Slack incoming webhook, Teams Workflows webhook): https and a public
 * host. A private, loopback or link-local literal would be refused at delivery anyway;
 * refusing it here tells the admin when they save rather than through a dead letter later.
 */
const chatHookUrlSchema = (vendor: string) =>
  httpsUrlSchema
    .check((ctx) => {
      // Not https: the URL check above has said so already.
      if (!/^https:\/\//i.test(ctx.value)) return;
      const check = checkOutboundUrl(ctx.value, { allowPrivate: false });
      if (!check.ok) issue(ctx, [], "url_not_allowed", `${vendor} webhook URL refused: ${check.reason}`);
    })
    .describe(`${vendor} webhook URL (https, public host).`);

/** A Slack incoming-webhook URL (or a Slack-compatible one). */
export const slackWebhookUrlSchema = chatHookUrlSchema("Slack");

/**
 * A Teams channel's Workflows webhook URL ("Send webhook alerts to a channel"; the URL the
 * "When a Teams webhook request is received" trigger shows). It takes Adaptive Cards.
 */
export const teamsWebhookUrlSchema = chatHookUrlSchema("Teams");

/**
 * Channels of a team or of the whole organisation. They receive the notices of every lead in
 * their scope on top of the rep's own channels (see README, "Notification channels").
 */
export const notificationChannelsSchema = z
  .strictObject({
    slackWebhookUrl: slackWebhookUrlSchema
      .optional()
      .describe("Slack incoming-webhook URL of a shared channel (https, public host)."),
    teamsWebhookUrl: teamsWebhookUrlSchema
      .optional()
      .describe("Teams Workflows webhook URL of a shared channel (https, public host)."),
    email: emailSchema
      .optional()
      .describe("A shared address (an inbox or a list) that receives the same notices by email."),
  })
  .meta({
    id: "NotificationChannels",
    description:
      "Shared notification channels. Rep, team and org channels all receive a notice, each target once.",
  });

export type NotificationChannels = z.output<typeof notificationChannelsSchema>;

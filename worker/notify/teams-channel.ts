import { z } from "zod";
import { chatHookChannel, type ChatPayload } from "./chat-hook-channel";
import { teamsTarget } from "./settings";
import { teamsWebhookBody } from "./teams-card";

/** What a Teams queue message carries: the audience and the Adaptive Card. */
export type TeamsPayload = ChatPayload & { card: Record<string, unknown> };

// Workflows (Power Automate / Logic Apps) error body: { error: { code, message } }.
const errorBody = z.object({ error: z.object({ code: z.string() }) });

/**
 * Posts an Adaptive Card to the audience's Teams Workflows webhook, which answers 202 Accepted.
 * 400 (a body the flow's trigger refuses), 401/403 (the URL's signature no longer valid, the
 * flow turned off or blocked by policy), 404 and 410 (the flow or its trigger deleted) are dead
 * at once; 429 (with Retry-After) and 5xx are retried. Only the error's code is logged.
 */
export const teamsChannel = chatHookChannel<TeamsPayload>({
  vendor: "Teams",
  field: "teamsWebhookUrl",
  permanent: new Set([400, 401, 403, 404, 410]),
  target: teamsTarget,
  body: ({ card }) => teamsWebhookBody(card),
  errorCode: (text) => {
    try {
      return errorBody
        .parse(JSON.parse(text))
        .error.code.replace(/[^\w.-]/g, "")
        .slice(0, 100);
    } catch {
      return "";
    }
  },
});

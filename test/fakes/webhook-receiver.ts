/**
 * A local webhook endpoint (and Slack-like incoming webhook) for delivery tests. Behaviour is
 * chosen by path: `/ok/*` answers 200, `/fail/*` 500, `/slack/*` answers 200 "ok" as Slack
 * does. What it received is read back with `GET /__received?prefix=…` (see recording-server).
 */
import type { Server } from "node:http";
import { startRecordingServer } from "./recording-server";

export function startFakeWebhookReceiver(): Promise<{ url: string; server: Server }> {
  return startRecordingServer(({ path }) => {
    const headers = { "Content-Type": "text/plain" };
    if (path.startsWith("/fail/")) return { status: 500, body: "internal error", headers };
    return { status: 200, body: path.startsWith("/slack/") ? "ok" : "", headers };
  });
}

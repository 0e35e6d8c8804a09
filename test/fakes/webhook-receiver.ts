/**
 * A local webhook endpoint (and Slack-like incoming webhook) for delivery tests. Behaviour is
 * chosen by path: `/ok/*` answers 200, `/fail/*` 500, `/slack/*` answers 200 "ok" as Slack
 * does. Tests run inside workerd and cannot see this process's memory, so what it received
 * is read back over HTTP: `GET /__received?prefix=/ok/x` → [{ path, headers, body }].
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

export function startFakeWebhookReceiver(): Promise<{ url: string; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/__received") {
      const prefix = url.searchParams.get("prefix") ?? "/";
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify(received.filter((r) => r.path.startsWith(prefix))));
    }
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ path: url.pathname, headers: req.headers, body });
      if (url.pathname.startsWith("/fail/")) {
        res.writeHead(500, { "Content-Type": "text/plain" });
        return res.end("internal error");
      }
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end(url.pathname.startsWith("/slack/") ? "ok" : "");
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.unref();
      resolve({ url: `http://127.0.0.1:${port}`, server });
    });
  });
}

/**
 * What the fake HTTP receivers share: each request is recorded, and the recording is served
 * back at `GET /__received?prefix=/ok/x` → [{ path, headers, body, status }]. Tests run
 * inside workerd and cannot see this process's memory, so they read it over HTTP.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

export type Received = { path: string; headers: IncomingHttpHeaders; body: string; status: number };
export type Reply = { status: number; body: string; headers?: Record<string, string> };
export type Incoming = { method: string; path: string; body: string };

/** Starts a server on a free loopback port that answers every request but the read-back with `reply`. */
export function startRecordingServer(
  reply: (req: Incoming) => Reply,
): Promise<{ url: string; server: Server }> {
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
      const answer = reply({ method: req.method ?? "GET", path: url.pathname, body });
      received.push({ path: url.pathname, headers: req.headers, body, status: answer.status });
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
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

/**
 * A local stand-in for Cloudflare's Turnstile siteverify endpoint, to its documented shape:
 * POST form data (secret, response, remoteip, idempotency_key) → { success, error-codes }.
 * Tokens starting with "pass" succeed once, then answer timeout-or-duplicate, as the real
 * service does for a replayed token. "hang" never answers.
 */
import { createServer, type Server } from "node:http";

export const FAKE_TURNSTILE_SECRET = "fake-turnstile-secret";

export function startFakeTurnstile(): Promise<{ url: string; server: Server }> {
  const used = new Set<string>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const form = parseMultipartOrUrlencoded(body, req.headers["content-type"] ?? "");
      const token = form.get("response") ?? "";
      if (token === "hang") return; // never answer: the caller's timeout must fire
      const reply = (success: boolean, codes: string[] = []) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({ success, "error-codes": codes, ...(success ? { hostname: "localhost" } : {}) }),
        );
      };
      if (form.get("secret") !== FAKE_TURNSTILE_SECRET) return reply(false, ["invalid-input-secret"]);
      if (!token.startsWith("pass")) return reply(false, ["invalid-input-response"]);
      if (used.has(token)) return reply(false, ["timeout-or-duplicate"]);
      used.add(token);
      reply(true);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.unref();
      resolve({ url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`, server });
    });
  });
}

/** workerd sends FormData as multipart; accept urlencoded too. */
function parseMultipartOrUrlencoded(body: string, contentType: string): Map<string, string> {
  const out = new Map<string, string>();
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) {
    for (const [k, v] of new URLSearchParams(body)) out.set(k, v);
    return out;
  }
  for (const part of body.split(`--${boundary}`)) {
    const match = /name="([^"]+)"\r\n\r\n([\s\S]*?)\r\n$/.exec(part);
    if (match) out.set(match[1]!, match[2]!);
  }
  return out;
}

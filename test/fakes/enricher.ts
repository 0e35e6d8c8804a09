/**
 * A local stand-in for an enrichment service speaking Baton's enrichment protocol:
 * POST JSON `{ email, fields, geo }` → 200 `{ facts: { name: value } }`.
 *
 * The email's local part (before any "+tag") picks the behaviour, so one server serves
 * every test: "ok" (or anything else) answers facts, "slow" answers them after 2 s, "hang"
 * never answers, "fail" answers 500, "malformed" answers broken JSON. An `X-Fake-Mode`
 * header overrides the email. `GET /calls?email=…` tells how many times that email was
 * posted and the last Authorization header, so a test can prove a call was never made.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** The facts "ok" answers with; `hq` is nested, which Baton must drop. */
export const FAKE_ENRICHER_FACTS = {
  employees: 1200,
  industry: "software",
  tech: ["cloudflare", "hubspot"],
  public: false,
  hq: { city: "Berlin" },
};

const SLOW_MS = 2000;

type Seen = { calls: number; authorization: string | null };

function modeOf(req: IncomingMessage, email: unknown): string {
  const header = req.headers["x-fake-mode"];
  if (typeof header === "string") return header;
  return typeof email === "string" ? (email.split("@")[0]?.split("+")[0] ?? "ok") : "ok";
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

function answer(res: ServerResponse, mode: string): void {
  switch (mode) {
    case "hang":
      return; // never answer: the caller's budget must cut it off
    case "slow":
      setTimeout(() => json(res, 200, { facts: FAKE_ENRICHER_FACTS }), SLOW_MS).unref();
      return;
    case "fail":
      return json(res, 500, { error: "enricher exploded" });
    case "malformed":
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"facts": {"employees": 12');
      return;
    default:
      return json(res, 200, { facts: FAKE_ENRICHER_FACTS });
  }
}

export function startFakeEnricher(): Promise<{ url: string; server: Server }> {
  const seen = new Map<string, Seen>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (req.method === "GET" && url.pathname === "/calls") {
      const email = url.searchParams.get("email") ?? "";
      return json(res, 200, seen.get(email) ?? { calls: 0, authorization: null });
    }
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      let parsed: { email?: unknown };
      try {
        parsed = JSON.parse(body) as { email?: unknown };
      } catch {
        return json(res, 400, { error: "send JSON" });
      }
      const key = typeof parsed.email === "string" ? parsed.email : "";
      const prev = seen.get(key)?.calls ?? 0;
      seen.set(key, { calls: prev + 1, authorization: req.headers.authorization ?? null });
      answer(res, modeOf(req, parsed.email));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.unref();
      resolve({ url: `http://127.0.0.1:${port}/enrich`, server });
    });
  });
}

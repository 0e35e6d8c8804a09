/**
 * A local DNS-over-HTTPS resolver speaking the JSON API (Google Public DNS's `/resolve`, which
 * Cloudflare's `/dns-query` follows): GET `?name=&type=` with `Accept: application/dns-json` →
 * `{ Status, TC, RD, RA, AD, CD, Question: [{ name, type }], Answer: [{ name, type, TTL, data }] }`.
 * A DNS failure is still HTTP 200 with a non-zero `Status` (the RCODE) and a `Comment`; a
 * request without `name` (or without the JSON Accept) is HTTP 400, as the documented invalid
 * request is. The zone below is what the tests resolve; `hang.test` never answers.
 */
import { createServer, type Server } from "node:http";

const TYPES: Record<string, number> = { A: 1, CNAME: 5, AAAA: 28 };
type Rr = { type: "A" | "AAAA" | "CNAME"; data: string };

/** Name → records. A CNAME is followed the way a recursive resolver does: chain first, then the target's records. */
const ZONE: Record<string, Rr[]> = {
  "hooks.public.test": [
    { type: "A", data: "93.184.215.14" },
    { type: "AAAA", data: "2606:2800:21f:cb07:6820:80da:af6b:8b2c" },
  ],
  "v4only.public.test": [{ type: "A", data: "104.16.132.229" }],
  "intranet.test": [{ type: "A", data: "10.0.0.5" }],
  "loopback.test": [{ type: "A", data: "127.0.0.1" }],
  // DNS rebinding by alias: a public-looking name whose chain ends at the metadata address.
  "metadata.rebind.test": [{ type: "CNAME", data: "instance-data.internal." }],
  "instance-data.internal": [{ type: "A", data: "169.254.169.254" }],
  // Public over IPv4, unique-local over IPv6: one private answer is enough to refuse.
  "dual.test": [
    { type: "A", data: "93.184.215.14" },
    { type: "AAAA", data: "fd12:3456:789a::1" },
  ],
  "mapped.test": [{ type: "AAAA", data: "::ffff:192.168.1.10" }],
  "noaddress.test": [],
};

const STATUS: Record<string, { Status: number; Comment: string }> = {
  "servfail.test": { Status: 2, Comment: "Name servers did not respond (fake)." },
  "refused.test": { Status: 5, Comment: "Query refused (fake)." },
};

function resolve(name: string, type: number) {
  const answer: { name: string; type: number; TTL: number; data: string }[] = [];
  let current = name;
  for (let hops = 0; hops < 8; hops++) {
    const records = ZONE[current] ?? [];
    const alias = records.find((r) => r.type === "CNAME");
    if (!alias) {
      for (const record of records.filter((r) => TYPES[r.type] === type))
        answer.push({ name: `${current}.`, type, TTL: 300, data: record.data });
      break;
    }
    answer.push({ name: `${current}.`, type: TYPES.CNAME!, TTL: 300, data: alias.data });
    current = alias.data.replace(/\.$/, "");
  }
  return answer;
}

export function startFakeDoh(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const name = (url.searchParams.get("name") ?? "").replace(/\.$/, "").toLowerCase();
    if (name === "hang.test") return; // never answers: the caller's timeout must fire
    const typeParam = url.searchParams.get("type") ?? "A";
    const type = TYPES[typeParam.toUpperCase()] ?? Number(typeParam);
    if (
      url.pathname !== "/dns-query" ||
      !name ||
      !(req.headers.accept ?? "").includes("application/dns-json")
    ) {
      res.writeHead(400, { "Content-Type": "text/plain" });
      return res.end("Bad Request");
    }
    if (name === "garbage.test") {
      res.writeHead(200, { "Content-Type": "application/dns-json" });
      return res.end("<html>captive portal</html>");
    }
    const base = {
      TC: false,
      RD: true,
      RA: true,
      AD: false,
      CD: false,
      Question: [{ name: `${name}.`, type }],
    };
    const failure = STATUS[name];
    const known = name in ZONE;
    const body = failure
      ? { Status: failure.Status, ...base, Comment: failure.Comment }
      : known
        ? { Status: 0, ...base, Answer: resolve(name, type) }
        : {
            Status: 3,
            ...base,
            Authority: [
              { name: "test.", type: 6, TTL: 900, data: "ns.test. admin.test. 1 1800 900 604800 86400" },
            ],
          };
    res.writeHead(200, { "Content-Type": "application/dns-json" });
    res.end(JSON.stringify(body));
  });
  return new Promise((done) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.unref();
      done({ url: `http://127.0.0.1:${port}/dns-query`, server });
    });
  });
}

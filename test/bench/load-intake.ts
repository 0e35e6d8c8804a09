/**
 * Load test of the public intake: submit → stored, routed and answered, end to end.
 *
 *   npm run bench:load [-- connections=50 seconds=15]
 *
 * Starts a real local Baton (`startBaton`: migrated D1, seeded demo org, `wrangler dev` on
 * a free port), warms it up, then drives `POST /v1/forms/demo/submissions` with autocannon.
 * Every request has a new email (so none is a dedupe replay) and its own CF-Connecting-IP
 * (so the per-IP limit of 10 a minute, which a real crowd of visitors never meets, does not
 * turn the run into a 429 benchmark). Reports p50/p99 latency, submissions per second, the
 * non-2xx count and the outcome mix.
 *
 * `config=open` (the default) first republishes the demo with every rep working around the
 * clock and no caps, so that the run measures submit → *routed* answer whatever the hour.
 * `config=demo` keeps the seeded demo as is: outside its reps' hours, or past their daily
 * caps (about 100 leads in all), leads stay `unrouted` for the repair cron, which is a
 * routing outcome, not an error, but a shorter path than a routed lead.
 */
import autocannon from "autocannon";
import { startBaton, type Baton } from "../e2e/server";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split("=") as [string, string]));
const CONNECTIONS = Number(args.connections ?? 50);
const SECONDS = Number(args.seconds ?? 15);
const CONFIG = args.config ?? "open";
const WARMUP_REQUESTS = 50;
const PATH = "/v1/forms/demo/submissions";

let seq = 0;

/** A valid demo-form submission, unique per call, spread over NA and EMEA rules. */
function submission(): { headers: Record<string, string>; body: string } {
  const i = ++seq;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const body = {
    fields: {
      first_name: "Load",
      last_name: `Test ${i}`,
      email: `load${i}@company${i % 500}.example`,
      company: `Company ${i % 500}`,
      employees: ["1-49", "50-199", "1000-4999"][i % 3],
      country: ["US", "DE", "FR", "CA"][i % 4],
    },
    context: { pageUrl: "https://acme.example/demo", utm: { source: "bench" } },
  };
  return {
    headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
    body: JSON.stringify(body),
  };
}

type Mix = Record<string, number>;
/** The first body of each non-2xx status, to say what went wrong. */
const samples = new Map<number, string>();

function tally(mix: Mix, status: number, body: string): void {
  let key = `http_${status}`;
  if (status === 201 || status === 200) {
    try {
      key = (JSON.parse(body) as { status?: string }).status ?? key;
    } catch {
      key = "unparseable";
    }
  } else if (!samples.has(status)) samples.set(status, body.slice(0, 300));
  mix[key] = (mix[key] ?? 0) + 1;
}

async function warmUp(baseUrl: string): Promise<void> {
  for (let i = 0; i < WARMUP_REQUESTS; i++) {
    const { headers, body } = submission();
    const res = await fetch(new URL(PATH, baseUrl), { method: "POST", headers, body });
    if (res.status !== 201) throw new Error(`warm-up submission answered ${res.status}: ${await res.text()}`);
  }
}

async function run(baseUrl: string) {
  const mix: Mix = {};
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        path: PATH,
        setupRequest: (req) => ({ ...req, ...submission() }),
        onResponse: (status, body) => tally(mix, status, body),
      },
    ],
  });
  return { result, mix };
}

const ALL_DAY = [{ start: "00:00", end: "24:00" }];

/** The seeded demo with every rep always available, so every lead can be routed. */
async function openAllHours(baton: Baton): Promise<void> {
  const { config } = (await baton.admin("GET", "/v1/admin/config")) as { config: any };
  for (const rep of config.reps) {
    rep.workingHours = Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, ALL_DAY]),
    );
    rep.caps = {};
    rep.ooo = [];
  }
  await baton.admin("POST", "/v1/admin/config/versions?publish=true&note=load-test", config);
}

async function main(): Promise<void> {
  const baton = await startBaton();
  try {
    if (CONFIG === "open") await openAllHours(baton);
    await warmUp(baton.baseUrl);
    const { result, mix } = await run(baton.baseUrl);
    const figures = {
      config: CONFIG,
      connections: CONNECTIONS,
      seconds: SECONDS,
      requests: result.requests.total,
      submissionsPerSecond: Math.round(result.requests.average),
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      outcomes: mix,
    };
    console.log(`\nPOST ${PATH}: ${CONNECTIONS} connections for ${SECONDS} s, config=${CONFIG}`);
    console.log(
      `  p50 ${figures.latencyMs.p50} ms · p99 ${figures.latencyMs.p99} ms · ${figures.submissionsPerSecond} submissions/s`,
    );
    console.log(`  non-2xx ${figures.non2xx} · errors ${figures.errors} · outcomes ${JSON.stringify(mix)}`);
    for (const [status, body] of samples) console.log(`  first ${status}: ${body}`);
    console.log(JSON.stringify(figures));
  } finally {
    await baton.stop();
  }
}

await main();

/**
 * Click → first slot visible, in Chromium against the demo, with every D1 / Durable Object /
 * queue call delayed by EDGE_LATENCY_MS (default 100 ms; worker/edge/call-trace.ts):
 *   npm run build && npm run bench:click
 * Measured in the page: from the Submit click (a capture listener on the document) to the
 * first slot button in the widget's shadow root (a MutationObserver). Prints each run and the
 * median. A bench, not a timed test: the figure depends on the machine.
 */
import type { Page } from "playwright-core";
import { launchChromium } from "../e2e/browser";
import { startBaton } from "../e2e/server";
import { startBundledBaton } from "./bundle-server";

const RUNS = Number(process.env.RUNS ?? 7);
const LATENCY = process.env.EDGE_LATENCY_MS ?? "100";
/** `dev` (default): `wrangler dev`; `bundle`: the deploy bundle in Miniflare (./bundle-server.ts). */
const SERVER = process.env.BENCH_SERVER ?? "dev";

type Run = {
  total: number;
  /** Click → the submission's fetch started (widget work before the request). */
  beforeFetch: number;
  /** The fetch, request start → response end (server + local network). */
  fetch: number;
  /** Response end → first slot in the DOM (parsing and rendering). */
  afterFetch: number;
  /** The Worker's own Server-Timing `total` (its view of the request). */
  server: number;
  stages: string;
};

async function oneRun(page: Page, baseUrl: string, n: number): Promise<Run> {
  await page.goto(`${baseUrl}/`);
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await field("Work email").waitFor();
  await field("First name").fill("Bench");
  await field("Last name").fill(`Visitor ${n}`);
  await field("Work email").fill(`bench${n}-${Date.now()}@bench${n}.example`);
  await field("Company").fill(`Bench ${n}`);
  await field("Company size").selectOption("50-199");
  await field("Country").selectOption("US");
  // Armed in the page, so the figure is what the visitor's browser sees.
  await page.evaluate(() => {
    const w = window as unknown as { clickAt?: number; slotAt?: Promise<number> };
    const root = document.querySelector('[data-baton-host="demo"]')!.shadowRoot!;
    document.addEventListener("click", () => (w.clickAt ??= performance.now()), { capture: true });
    w.slotAt = new Promise((resolve) => {
      new MutationObserver((_, observer) => {
        if (root.querySelector("button.slot")) {
          observer.disconnect();
          resolve(performance.now());
        }
      }).observe(root, { childList: true, subtree: true });
    });
  });
  await page.getByRole("button", { name: "Submit" }).click();
  return page.evaluate(async () => {
    const w = window as unknown as { clickAt: number; slotAt: Promise<number> };
    const slotAt = await w.slotAt;
    // Same origin as the demo page, so the Server-Timing entries are visible to the page.
    const entry = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/submissions")) as
      | PerformanceResourceTiming
      | undefined;
    const timing = entry?.serverTiming ?? [];
    return {
      total: slotAt - w.clickAt,
      beforeFetch: entry ? entry.startTime - w.clickAt : NaN,
      fetch: entry ? entry.responseEnd - entry.startTime : NaN,
      afterFetch: entry ? slotAt - entry.responseEnd : NaN,
      server: timing.find((t) => t.name === "total")?.duration ?? NaN,
      stages: timing
        .filter((t) => t.name !== "total")
        .map((t) => `${t.name} ${t.duration.toFixed(0)}`)
        .join(", "),
    };
  });
}

if (SERVER !== "dev" && SERVER !== "bundle") throw new Error(`BENCH_SERVER is dev or bundle, not ${SERVER}`);
const baton = await (SERVER === "bundle" ? startBundledBaton : startBaton)({
  vars: { EDGE_LATENCY_MS: LATENCY },
});
const browser = await launchChromium();
try {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage();
    const run = await oneRun(page, baton.baseUrl, i);
    runs.push(run);
    await page.close();
    const ms = (x: number) => x.toFixed(0);
    console.log(
      `run ${i + 1}: ${ms(run.total)} ms (before fetch ${ms(run.beforeFetch)}, fetch ${ms(run.fetch)} [server ${ms(run.server)}: ${run.stages}], after ${ms(run.afterFetch)})`,
    );
  }
  const summary = (pick: (r: Run) => number) => {
    const sorted = runs.map(pick).toSorted((a, b) => a - b);
    const f = (x: number) => x.toFixed(0);
    return `median ${f(sorted[Math.floor(RUNS / 2)]!)} ms (min ${f(sorted[0]!)}, max ${f(sorted.at(-1)!)})`;
  };
  console.log(
    `click -> first slot visible at L=${LATENCY} ms per call over ${RUNS} runs (${SERVER}): ${summary((r) => r.total)}`,
  );
  console.log(`  click -> fetch start:     ${summary((r) => r.beforeFetch)}`);
  console.log(`  fetch (request/response): ${summary((r) => r.fetch)}`);
  console.log(`  server total:             ${summary((r) => r.server)}`);
  console.log(`  response -> slot in DOM:  ${summary((r) => r.afterFetch)}`);
} finally {
  await browser.close();
  await baton.stop();
}

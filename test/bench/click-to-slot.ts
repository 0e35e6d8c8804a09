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

const RUNS = Number(process.env.RUNS ?? 7);
const LATENCY = process.env.EDGE_LATENCY_MS ?? "100";

async function oneRun(page: Page, baseUrl: string, n: number): Promise<number> {
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
    return (await w.slotAt) - w.clickAt;
  });
}

const baton = await startBaton({ vars: { EDGE_LATENCY_MS: LATENCY } });
const browser = await launchChromium();
try {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage();
    times.push(await oneRun(page, baton.baseUrl, i));
    await page.close();
    console.log(`run ${i + 1}: ${times.at(-1)!.toFixed(0)} ms`);
  }
  const sorted = times.toSorted((a, b) => a - b);
  console.log(
    `click -> first slot visible at L=${LATENCY} ms per call: median ${sorted[Math.floor(RUNS / 2)]!.toFixed(0)} ms over ${RUNS} runs (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)})`,
  );
} finally {
  await browser.close();
  await baton.stop();
}

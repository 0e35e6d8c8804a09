/**
 * The setup every browser test file shares: one Baton (`wrangler dev`) and one Chromium per
 * file, a fresh browser context per page (closed after each test), and screenshots kept as
 * test artifacts under test-results/screenshots/ (git-ignored, uploaded by CI).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launchChromium } from "./browser";
import { startBaton, type Baton } from "./server";

/**
 * Records every `baton:*` event the widget fires as `window.batonEvents`, from the page's first
 * script on, so a test can read back the order and details.
 */
export async function recordBatonEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { type: string; detail: unknown }[] = ((window as any).batonEvents = []);
    for (const type of ["baton:routed", "baton:booked", "baton:closed"])
      window.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  });
}

/** Where screenshots go; one folder for every e2e file, so CI keeps them as one artifact. */
export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../test-results/screenshots");

export type BatonBrowser = {
  /** The file's running Baton; only available inside tests and hooks. */
  readonly baton: Baton;
  /** The file's Chromium; only available inside tests and hooks. */
  readonly browser: Browser;
  /**
   * A page in its own context (1280×900 unless `options.viewport` says otherwise), closed after
   * the test. `errors` collects the page's uncaught errors, so a test can prove the page stayed
   * healthy.
   */
  newPage: (options?: BrowserContextOptions) => Promise<{ page: Page; errors: string[] }>;
  /** Saves a full-page screenshot as `test-results/screenshots/<name>.png`. */
  screenshot: (page: Page, name: string) => Promise<void>;
};

/**
 * Registers the hooks that start Baton and Chromium before the file's tests and stop them
 * after. Call it once at the top of a test file; `setup.vars` are extra `--var`s for
 * wrangler dev (e.g. the root URL of a fake vendor this file starts). A `beforeAll` registered after this call runs
 * after Baton is up (vitest runs `beforeAll` hooks in order), so it can seed extra data.
 */
export function useBatonBrowser(setup: { vars?: Record<string, string> } = {}): BatonBrowser {
  let baton: Baton | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is only available inside tests and hooks`);
    return value;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [baton, browser] = await Promise.all([startBaton({ vars: setup.vars }), launchChromium()]);
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  return {
    get baton() {
      return started(baton, "baton");
    },
    get browser() {
      return started(browser, "browser");
    },
    async newPage(options = {}) {
      const context = await started(browser, "browser").newContext({
        viewport: { width: 1280, height: 900 },
        ...options,
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(err.message));
      return { page, errors };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
  };
}

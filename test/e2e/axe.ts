/**
 * axe-core (WCAG 2.x A and AA rules, plus best practices) run inside a page; shared by the
 * accessibility sweep (a11y.test.ts) and screens' own tests that reach states the sweep does
 * not (e.g. a connected CRM). axe is injected from node_modules; it walks open shadow roots.
 */
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

type Finding = { id: string; impact: string; help: string; targets: string[] };

/** Runs axe on the page as it is now; the serious and critical findings, labelled by `where`. */
export async function audit(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const found: Finding[] = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n: any) => JSON.stringify(n.target)),
    }));
  });
  return found
    .filter((f) => f.impact === "serious" || f.impact === "critical")
    .map((f) => `${where}: ${f.id} (${f.impact}) ${f.help} at ${f.targets.slice(0, 3).join(" ")}`);
}

/**
 * `npm test` runs this first: on a machine without Chromium it stops in its first seconds
 * with one line saying what to install, instead of eight browser test files failing later
 * with launch stacks. Nothing is skipped silently: the suite does not start.
 */
import { chromiumPath, missingChromium } from "../test/e2e/chromium-path";

const problem = missingChromium(chromiumPath());
if (problem) {
  console.error(problem);
  process.exit(1);
}

import { chromium, type Browser } from "playwright-core";
import { chromiumPath, missingChromium } from "./chromium-path";

/**
 * Debian's Chromium (apt-get install chromium): playwright-core drives it directly, so no
 * browser download is needed. The flags keep it quiet and offline apart from the test server.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  const problem = missingChromium(executablePath);
  if (problem) throw new Error(problem);
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

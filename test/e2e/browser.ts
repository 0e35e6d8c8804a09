import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium (apt-get install chromium): playwright-core drives it directly, so no
 * browser download is needed. The flags keep it quiet and offline apart from the test server.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
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

import { accessSync, constants } from "node:fs";

/** Where browser tests look for Chromium: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || "/usr/bin/chromium";
}

/**
 * One line saying what to install when no runnable Chromium is at `path`, else null. The
 * browser tests use playwright-core with the system's Chromium and never download one.
 */
export function missingChromium(path: string): string | null {
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    return (
      `Browser tests need Chromium and there is none at ${path}: ` +
      "install it (Debian: `sudo apt-get install chromium`; Ubuntu: `sudo snap install chromium`, " +
      "then CHROMIUM_PATH=/snap/bin/chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary."
    );
  }
}

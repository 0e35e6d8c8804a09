/**
 * A newcomer's `npm test` on a machine without Chromium stops at once with one line that
 * says what to install (the `pretest` script), not with eight browser files of launch stacks.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { missingChromium } from "../e2e/chromium-path";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("a machine without Chromium", () => {
  it("fails the test run's first step with one line naming the package", () => {
    const started = Date.now();
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/check-test-deps.ts"], {
      cwd: ROOT,
      env: { ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("apt-get install chromium");
    expect(lines[0]).toContain("/nonexistent/chromium");
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("passes where Chromium is installed", () => {
    expect(missingChromium(process.execPath)).toBeNull();
  });

  it("is checked by npm test before anything else runs", async () => {
    const pkg = (await import("../../package.json", { with: { type: "json" } })).default;
    expect(pkg.scripts.pretest).toMatch(/^tsx scripts\/check-test-deps\.ts && /);
  });
});

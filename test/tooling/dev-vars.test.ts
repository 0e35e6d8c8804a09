import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { optionalSecretArgs, parseDevVars, requiredSecrets } from "../../scripts/dev-vars";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe(".dev.vars under npm start", () => {
  it("passes optional secrets such as TURNSTILE_SECRET, which wrangler would drop", () => {
    const required = requiredSecrets(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8"));
    expect(required).toEqual(["ADMIN_TOKEN", "ENCRYPTION_KEY"]);
    const vars = parseDevVars("ADMIN_TOKEN=a\nENCRYPTION_KEY=b\nTURNSTILE_SECRET=t-secret\nEMPTY=\n");
    expect(optionalSecretArgs(vars, required)).toEqual(["--var", "TURNSTILE_SECRET:t-secret"]);
  });

  it("documents TURNSTILE_SECRET in the example a fresh clone starts from", () => {
    const example = readFileSync(path.join(ROOT, ".dev.vars.example"), "utf8");
    expect(example).toMatch(/^# ?TURNSTILE_SECRET=/m);
  });
});

import { describe, expect, it } from "vitest";

// Unit tests run in Node for speed (see docs/testing.md); Node is started with
// --disallow-code-generation-from-strings so that, as in production workerd, a dependency that
// builds functions from strings fails here instead of passing every test.
describe("the unit test runtime", () => {
  it("refuses code generation from strings, as production workerd does", () => {
    expect(() => new Function("return 1")).toThrow(EvalError);
    // oxlint-disable-next-line no-eval
    expect(() => (0, eval)("1")).toThrow(EvalError);
  });
});

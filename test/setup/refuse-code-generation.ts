/**
 * Makes the test isolate refuse code generation from strings, as production workerd does.
 *
 * The vitest pool replaces `globalThis.Function` with a proxy whose `new Function(...)` goes
 * through an unsafe-eval binding, because its module runner needs it. Our code never does,
 * and a dependency that did (d3-dsv's CSV parser) passed every test here and answered 500
 * under `wrangler dev` and in production. `Function.prototype.constructor` is still the
 * runtime's own `Function`, which workerd refuses with "Code generation from strings
 * disallowed for this context"; putting it back makes a test fail the way production would.
 * `eval` was never unlocked. test/integration/production-parity.test.ts checks both.
 */
globalThis.Function = Function.prototype.constructor as FunctionConstructor;

/**
 * oxlint JS plugin: what the built-in rules cannot say about worker/core's purity.
 * `new Date()` / `Date()` without an argument read the clock; with an argument they only
 * convert, which core does (see core/time/zoned.ts), so the global itself cannot be banned.
 * Date.now, Math.random, crypto.randomUUID and the rest are caught by no-restricted-properties
 * in .oxlintrc.json.
 */
const noClock = {
  meta: { type: "problem", docs: { description: "worker/core reads no clock: pass `now` in" } },
  create(context) {
    const check = (node) => {
      if (node.callee.type === "Identifier" && node.callee.name === "Date" && node.arguments.length === 0) {
        context.report({
          node,
          message: "worker/core is pure: `Date()` with no argument reads the clock; pass `now` in.",
        });
      }
    };
    return { NewExpression: check, CallExpression: check };
  },
};

export default { meta: { name: "baton-core" }, rules: { "no-clock": noClock } };

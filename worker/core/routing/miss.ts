import type { FactValue } from "../lead-facts/types";

/** The static part of a failed condition node, built once at compile time. */
export type LeafInfo = {
  /** Path of the node inside the rule's `when`, e.g. ["all", 1]. */
  path: (string | number)[];
  fact?: string;
  op: string;
  expected?: unknown;
};

const OP_TEXT: Record<string, string> = {
  eq: "equal to",
  neq: "anything but",
  in: "one of",
  not_in: "none of",
  contains: "containing",
  starts_with: "starting with",
  ends_with: "ending with",
  gt: "greater than",
  gte: "at least",
  lt: "less than",
  lte: "at most",
  exists: "present",
  in_region: "in region",
  in_territory: "in territory",
};

/** A value as an admin would write it; long lists are cut so that a trace stays readable. */
function show(v: unknown): string {
  if (Array.isArray(v)) {
    const head = v.slice(0, 8).map(show).join(", ");
    return v.length > 8 ? `[${head}, … ${v.length - 8} more]` : `[${head}]`;
  }
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/**
 * Why a condition did not hold: the first failing node, the fact's actual value (null when
 * missing) and what was expected. The message is built only when read or serialised, so a
 * decision that misses 200 rules does not format 200 strings nobody reads.
 */
export class ConditionMiss {
  constructor(
    readonly info: LeafInfo,
    /** The fact's value, or null when the fact is missing. */
    readonly actual: FactValue | null,
    /** For `any`: why its first alternative failed. */
    readonly cause?: ConditionMiss,
  ) {}

  get path(): (string | number)[] {
    return this.info.path;
  }

  /** A sentence for the dashboard: `employees is 200; expected at least 500`. */
  get message(): string {
    const { op, fact, expected } = this.info;
    if (op === "any")
      return `none of the ${String(expected)} alternatives matched (first: ${this.cause?.message ?? "?"})`;
    if (op === "not") return 'the condition under "not" matched';
    const actual = this.actual === null ? "missing" : show(this.actual);
    const want = op === "exists" ? "present" : `${OP_TEXT[op] ?? op} ${show(expected)}`;
    return `${fact} is ${actual}; expected ${want}`;
  }

  toJSON() {
    const { path, fact, op, expected } = this.info;
    return {
      path,
      op,
      ...(fact === undefined ? {} : { fact, actual: this.actual, expected }),
      message: this.message,
    };
  }
}

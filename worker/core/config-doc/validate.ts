import type { z } from "zod";
import { routingConfigSchema, type RoutingConfig } from "./schema";

/** One problem in a config document, located by its JSON path. */
export type ConfigError = {
  /** Keys and indices from the document root, e.g. ["teams", 0, "members", 2, "repId"]. */
  path: (string | number)[];
  /** Stable machine code, e.g. "required", "unknown_reference", "duplicate". */
  code: string;
  /** One sentence for a human. */
  message: string;
};

/** The outcome of {@link validateConfig}. */
export type ValidationResult = { ok: true; config: RoutingConfig } | { ok: false; errors: ConfigError[] };

// No valid document nests deeper than about 21 levels (a leaf value inside 8 levels of
// conditions inside a rule). Refusing anything past this before zod recurses keeps a
// hostile or cyclic input from exhausting the stack.
const MAX_JSON_DEPTH = 32;

/**
 * Validates an untrusted config document: shape, ranges and every cross-reference.
 * Never throws; on failure every error found is returned, each with its path.
 */
export function validateConfig(input: unknown): ValidationResult {
  try {
    const tooDeep = findTooDeep(input);
    if (tooDeep) {
      return {
        ok: false,
        errors: [{ path: tooDeep, code: "too_deep", message: `Nested deeper than ${MAX_JSON_DEPTH} levels` }],
      };
    }
    const result = routingConfigSchema.safeParse(input, { reportInput: true });
    if (result.success) return { ok: true, config: result.data };
    const errors = result.error.issues.flatMap((i) => toErrors(i, []));
    return {
      ok: false,
      errors: errors.length > 0 ? errors : [{ path: [], code: "invalid", message: "Invalid config" }],
    };
  } catch {
    // Defensive: a bug in a refinement must surface as a 422-style error, not a 500.
    return {
      ok: false,
      errors: [{ path: [], code: "internal", message: "The config could not be validated" }],
    };
  }
}

/** Returns the path of the first value nested deeper than MAX_JSON_DEPTH, if any. */
function findTooDeep(input: unknown): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_JSON_DEPTH) return path;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return undefined;
}

type Issue = z.core.$ZodIssue;

/** Turns one zod issue into errors, splitting key lists and resolving unions to one branch. */
function toErrors(issue: Issue, prefix: (string | number)[]): ConfigError[] {
  const path = [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        path: [...path, key],
        code: "unrecognized_key",
        message: `Unknown key "${key}"`,
      }));
    case "invalid_union": {
      if (isDiscriminatorMiss(issue)) {
        const options = ("options" in issue ? (issue.options ?? []) : [])
          .map((o) => JSON.stringify(o))
          .join(", ");
        const missing = !hasKey(issue.input, issue.discriminator);
        return [
          {
            path,
            code: missing ? "required" : "invalid_value",
            message: `${missing ? "Required: " : ""}expected one of ${options}`,
          },
        ];
      }
      const branch = pickBranch(issue.errors, issue.input);
      return branch
        ? branch.flatMap((i) => toErrors(i, path))
        : [{ path, code: "invalid_union", message: issue.message }];
    }
    case "invalid_type":
      if (issue.input === undefined)
        return [{ path, code: "required", message: `Required: expected ${issue.expected}` }];
      return [{ path, code: issue.code, message: issue.message }];
    case "custom": {
      const code = typeof issue.params?.code === "string" ? issue.params.code : "invalid";
      return [{ path, code, message: issue.message }];
    }
    default:
      return [{ path, code: issue.code, message: issue.message }];
  }
}

/**
 * Zod reports a failed plain union as the issues of every branch. The admin meant one of
 * them, so pick the branch whose keys best fit the input: the one with the fewest missing
 * or unknown keys. A tie means the input resembles no branch in particular, and the
 * union's own message ("Expected a condition: ...") is the clearer error.
 */
function pickBranch(branches: Issue[][], input: unknown): Issue[] | undefined {
  const scores = branches.map((issues) => issues.reduce((sum, i) => sum + keyMismatch(i, input), 0));
  const best = Math.min(...scores);
  return scores.filter((s) => s === best).length === 1 ? branches[scores.indexOf(best)] : undefined;
}

function keyMismatch(issue: Issue, input: unknown): number {
  if (issue.code === "unrecognized_keys" && issue.path.length === 0) return issue.keys.length;
  if (issue.path.length === 0 && issue.code === "invalid_type") return 1;
  const key = issue.path.length === 1 ? issue.path[0] : undefined;
  if (key === undefined || hasKey(input, key)) return 0;
  // A missing discriminator means the input does not even look like this branch.
  return isDiscriminatorMiss(issue) ? 2 : 1;
}

/** A discriminated union whose tag matched no option (zod reports no branch errors then). */
function isDiscriminatorMiss(
  issue: Issue,
): issue is Issue & { code: "invalid_union"; discriminator: string } {
  return issue.code === "invalid_union" && issue.discriminator !== undefined && issue.errors.length === 0;
}

function hasKey(input: unknown, key: PropertyKey | undefined): boolean {
  return typeof input === "object" && input !== null && key !== undefined && Object.hasOwn(input, key);
}

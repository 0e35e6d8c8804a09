import { z } from "zod";
import { MAX_CONDITION_DEPTH } from "./conditions";
import { routingConfigSchema } from "./schema";

type Json = Record<string, unknown>;
type Defs = Record<string, Json>;

/**
 * The JSON Schema (draft 2020-12) of the config document as an admin writes it: fields
 * with defaults are optional. Editors use it for completion; refinements that JSON Schema
 * cannot express (cross-references, overlaps, time zones) are only enforced by
 * `validateConfig`. `schema/baton-config.schema.json` is this output; never edit it by hand.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = recursiveConfigJsonSchema() as Json & { $defs: Defs };
  boundConditionDepth(schema.$defs);
  return schema;
}

/**
 * zod's JSON Schema, where `Condition` refers to itself without a depth bound: the shape
 * the config reference documents (the bound is stated in words there).
 */
export function recursiveConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(routingConfigSchema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  });
}

const ref = (name: string) => `#/$defs/${name}`;
const level = (name: string, depth: number) => (depth === MAX_CONDITION_DEPTH ? name : `${name}${depth}`);

/**
 * zod says "Condition" recursively, without the `condition_too_deep` bound the server
 * checks. JSON Schema has no depth keyword, so the recursion is unrolled: `Condition` (up to
 * MAX_CONDITION_DEPTH levels) refers to `Condition7` (one fewer) for its children, and so
 * on down to `Condition1`, a leaf or an empty `all`. Every `when` already refers to
 * `Condition`, so each of them is bounded. Mutates `defs`.
 */
function boundConditionDepth(defs: Defs): void {
  const top = defs.Condition as { anyOf: Json[]; description?: string };
  const leaf = top.anyOf.find((s) => !("$ref" in s));
  if (!leaf) throw new Error("Condition has no inline leaf union: update boundConditionDepth");
  defs.LeafCondition = { ...leaf, description: "A condition that compares one fact." };

  const templates = {
    AllCondition: defs.AllCondition!,
    AnyCondition: defs.AnyCondition!,
    NotCondition: defs.NotCondition!,
  };
  for (let depth = MAX_CONDITION_DEPTH; depth >= 2; depth--) {
    const child = JSON.stringify(ref(level("Condition", depth - 1)));
    const branches = Object.entries(templates).map(([name, template]) => {
      defs[level(name, depth)] = JSON.parse(
        JSON.stringify(template).replaceAll(JSON.stringify(ref("Condition")), child),
      );
      return { $ref: ref(level(name, depth)) };
    });
    defs[level("Condition", depth)] = {
      ...(depth === MAX_CONDITION_DEPTH ? { description: top.description } : {}),
      anyOf: [...branches, { $ref: ref("LeafCondition") }],
    };
  }
  // One level left: only a leaf, or `{ all: [] }` (which always matches and has no child).
  defs.AllCondition1 = {
    ...templates.AllCondition,
    properties: { all: { type: "array", maxItems: 0 } },
  };
  defs.Condition1 = { anyOf: [{ $ref: ref("AllCondition1") }, { $ref: ref("LeafCondition") }] };
}

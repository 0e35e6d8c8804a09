import { z } from "zod";
import { routingConfigSchema } from "./schema";

/**
 * The JSON Schema (draft 2020-12) of the config document as an admin writes it: fields
 * with defaults are optional. Editors use it for completion; refinements that JSON Schema
 * cannot express (cross-references, overlaps, time zones) are only enforced by
 * `validateConfig`. `schema/baton-config.schema.json` is this output; never edit it by hand.
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(routingConfigSchema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  });
}

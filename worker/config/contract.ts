/**
 * The config and route-test API's wire shapes, declared once: the routes validate and
 * document with them, the server types come from `z.infer`, and the dashboard imports the
 * types only. (Backtest shapes are in backtest-contract.ts.)
 */
import { z } from "@hono/zod-openapi";
import { destinationSchema, routingConfigSchema } from "../core/config-doc";
import { LeadContextSchema } from "./backtest-contract";

const Path = z.array(z.union([z.string(), z.number()]));

export const LintFindingSchema = z.object({
  severity: z.enum(["warning", "info"]),
  code: z.string(),
  path: Path,
  message: z.string(),
});

export const VersionParam = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "version", in: "path" }, example: 3 }),
});

export const VersionSummarySchema = z.object({
  version: z.number().int(),
  checksum: z.string(),
  note: z.string().nullable(),
  createdAt: z.string().openapi({ format: "date-time" }),
  createdBy: z.string(),
  firstPublishedAt: z.string().nullable(),
  active: z.boolean(),
});
/** One saved config version, without its document. */
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

export const VersionListSchema = z.object({ versions: z.array(VersionSummarySchema) });
export type VersionList = z.infer<typeof VersionListSchema>;

export const VersionedConfigSchema = z.object({ version: z.number(), config: routingConfigSchema });
/** A version with its whole document (the active one, or any saved one). */
export type VersionedConfig = z.infer<typeof VersionedConfigSchema>;

export const SaveQuery = z.object({
  publish: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "Publish the draft in the same call (for CI pushes)" }),
  note: z.string().max(500).optional(),
  basedOn: z.coerce.number().int().positive().optional().openapi({
    description:
      "The version this document was edited from. When a newer version was saved since (another admin, or a rep's own hours), the save is refused with 409 stale_config instead of silently undoing that change.",
  }),
});

export const PublishQuery = z.object({
  expectActive: z.coerce.number().int().positive().optional().openapi({
    description:
      "The version the admin saw live. When another version went live since, the publish is refused with 409 stale_config (a deliberate rollback from the version list leaves it out).",
  }),
});

const saved = <T extends boolean>(created: T) =>
  z.object({
    version: z.number(),
    created: z.literal(created),
    lint: z.array(LintFindingSchema),
    published: z.boolean(),
  });
export const SavedExistingSchema = saved(false);
export const SavedNewSchema = saved(true);
/** A save: a new draft (201) or the identical latest version (200). */
export type Saved = z.infer<typeof SavedExistingSchema> | z.infer<typeof SavedNewSchema>;

export const PublishedSchema = z.object({
  version: z.number(),
  previousVersion: z.number().nullable(),
  publishedAt: z.string(),
  changed: z.boolean(),
});
export type Published = z.infer<typeof PublishedSchema>;

export const ConfigErrorSchema = z.object({ path: Path, code: z.string(), message: z.string() });

export const VerdictSchema = z.object({
  valid: z.boolean(),
  errors: z.array(ConfigErrorSchema),
  lint: z.array(LintFindingSchema).openapi({ description: "Empty while the document is invalid." }),
});
/** The live check's answer: a verdict, with every error by path and the lint findings. */
export type Verdict = z.infer<typeof VerdictSchema>;

const RouteTestLead = z.object({
  fields: z
    .record(z.string(), z.unknown())
    .openapi({ example: { email: "ann@acme.com", country: "DE", employees: "500-999" } }),
  context: LeadContextSchema,
  geo: z
    .object({
      country: z.string().max(100).optional(),
      region: z.string().max(100).optional(),
      postalCode: z.string().max(20).optional(),
    })
    .optional()
    .openapi({
      description: "Stands in for the request's location, which a real submission takes from Cloudflare.",
    }),
});

export const RouteTestRequestSchema = z.object({
  lead: RouteTestLead,
  formId: z.string().min(1).max(64),
  version: z
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: "Test against this saved version instead of the active one." }),
  config: z.unknown().optional().openapi({
    description: "Test against this draft document (a whole RoutingConfig), which is not saved.",
  }),
});
export type RouteTestRequest = z.input<typeof RouteTestRequestSchema>;

export const RouteTestResultSchema = z.object({
  version: z
    .number()
    .nullable()
    .openapi({ description: "The config version used; null for an unsaved draft." }),
  ruleId: z.string().openapi({ description: 'The deciding rule, or "fallback".' }),
  destination: destinationSchema,
  trace: z
    .record(z.string(), z.unknown())
    .openapi({ description: "Every rule tried, derived facts, score breakdown and account match." }),
  distribution: z.record(z.string(), z.unknown()).nullable().openapi({
    description:
      "Who would take the lead: a named rep, or the team's fairness table (every candidate, eligibility, target vs actual) from its live counters. Nothing is counted.",
  }),
});
/** Where a sample lead would go, and why; nothing is written or counted. */
export type RouteTestResult = z.infer<typeof RouteTestResultSchema>;

import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { database } from "../db/client";
import { getActive, getVersion, listVersions } from "./version-queries";
import { lintConfig, validateConfig, type RoutingConfig } from "../core/config-doc";
import { AppError } from "../errors";
import { loadActiveConfig, publishVersion, saveDraft } from "./store";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import {
  PublishedSchema,
  SavedExistingSchema,
  SavedNewSchema,
  PublishQuery,
  SaveQuery,
  VerdictSchema,
  VersionedConfigSchema,
  VersionListSchema,
  VersionParam,
} from "./contract";

// The request body is declared by reference, not as a zod schema, so that the handler
// validates it with validateConfig (shape and cross-references, all errors by path).
const configRef = { $ref: "#/components/schemas/RoutingConfig" } as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const getActiveRoute = createRoute({
  method: "get",
  path: "/config",
  summary: "The active config version and document",
  security: adminSecurity,
  ...access("analyst"),
  responses: {
    200: {
      description: "The live config",
      content: {
        "application/json": { schema: VersionedConfigSchema },
      },
    },
    404: errorResponse("Nothing has been published yet"),
    ...adminErrors,
  },
});

const createVersionRoute = createRoute({
  method: "post",
  path: "/config/versions",
  summary: "Save a whole config document as a new draft (optionally publish it at once)",
  security: adminSecurity,
  ...access("admin"),
  request: {
    query: SaveQuery,
    body: { required: true, content: { "application/json": { schema: configRef } } },
  },
  responses: {
    200: jsonResponse(SavedExistingSchema, "Identical to the latest version, which is returned"),
    201: jsonResponse(SavedNewSchema, "Draft saved"),
    409: errorResponse(
      "conflict: another version was saved at the same moment; retry. stale_config: a newer version was saved since `basedOn`",
    ),
    422: errorResponse("The document is invalid; details.errors lists every problem by path"),
    ...adminErrors,
  },
});

const listVersionsRoute = createRoute({
  method: "get",
  path: "/config/versions",
  summary: "List config versions, newest first",
  security: adminSecurity,
  ...access("analyst"),
  responses: {
    200: jsonResponse(VersionListSchema, "Versions"),
    ...adminErrors,
  },
});

const getVersionRoute = createRoute({
  method: "get",
  path: "/config/versions/{version}",
  summary: "One config version with its document",
  security: adminSecurity,
  ...access("analyst"),
  request: { params: VersionParam },
  responses: {
    200: {
      description: "The version",
      content: {
        "application/json": { schema: VersionedConfigSchema },
      },
    },
    404: errorResponse("No such version"),
    ...adminErrors,
  },
});

const publishRoute = createRoute({
  method: "post",
  path: "/config/versions/{version}/publish",
  summary: "Make a version live; publishing an older version rolls back to it",
  security: adminSecurity,
  ...access("admin"),
  request: { params: VersionParam, query: PublishQuery },
  responses: {
    200: jsonResponse(PublishedSchema, "Published"),
    404: errorResponse("No such version"),
    409: errorResponse("stale_config: another version went live since `expectActive`"),
    422: errorResponse("The stored document no longer validates; the live version is unchanged"),
    ...adminErrors,
  },
});

const validateRoute = createRoute({
  method: "post",
  path: "/config/validate",
  summary: "Validate and lint a whole config document without saving it (the dashboard's live check)",
  security: adminSecurity,
  ...access("admin"),
  request: { body: { required: true, content: { "application/json": { schema: configRef } } } },
  responses: {
    200: jsonResponse(
      VerdictSchema,
      "The verdict: an invalid document is a 200 with its errors, since checking is what was asked",
    ),
    ...adminErrors,
  },
});

async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Send the config document as application/json.");
  }
  try {
    return await req.json();
  } catch {
    throw new AppError(400, "bad_request", "The body is not valid JSON.");
  }
}

/** Config versions: draft → publish → rollback, every change audited. */
export const adminConfig = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(getActiveRoute, async (c) => {
    const active = await loadActiveConfig(database(c.env.DB));
    if (!active) throw new AppError(404, "no_active_config", "No config has been published yet.");
    return c.json({ version: active.version, config: active.config }, 200);
  })
  .openapi(createVersionRoute, async (c) => {
    const { publish, note, basedOn } = c.req.valid("query");
    const db = database(c.env.DB);
    const now = c.get("now");
    const saved = await saveDraft(db, c.get("actor"), now, await readJson(c.req.raw), note, basedOn);
    const published =
      publish === "true" ? (await publishVersion(db, c.get("actor"), now, saved.version), true) : false;
    const body = { version: saved.version, lint: saved.lint, published };
    return saved.created
      ? c.json({ ...body, created: true as const }, 201)
      : c.json({ ...body, created: false as const }, 200);
  })
  .openapi(validateRoute, async (c) => {
    const result = validateConfig(await readJson(c.req.raw));
    return result.ok
      ? c.json({ valid: true, errors: [], lint: lintConfig(result.config) }, 200)
      : c.json({ valid: false, errors: result.errors, lint: [] }, 200);
  })
  .openapi(listVersionsRoute, async (c) => {
    const db = database(c.env.DB);
    const [versions, active] = await Promise.all([listVersions(db), getActive(db)]);
    return c.json(
      {
        versions: versions.map((v) => ({
          ...v,
          createdAt: iso(v.createdAt)!,
          firstPublishedAt: iso(v.firstPublishedAt),
          active: v.version === active?.version,
        })),
      },
      200,
    );
  })
  .openapi(getVersionRoute, async (c) => {
    const { version } = c.req.valid("param");
    const row = await getVersion(database(c.env.DB), version);
    if (!row) throw new AppError(404, "not_found", `Config version ${version} does not exist.`);
    // Stored documents are validateConfig output, so they have the parsed shape.
    return c.json({ version: row.version, config: row.config as RoutingConfig }, 200);
  })
  .openapi(publishRoute, async (c) => {
    const { version } = c.req.valid("param");
    const { expectActive } = c.req.valid("query");
    const db = database(c.env.DB);
    const result = await publishVersion(db, c.get("actor"), c.get("now"), version, expectActive);
    return c.json({ ...result, publishedAt: iso(result.publishedAt)! }, 200);
  });

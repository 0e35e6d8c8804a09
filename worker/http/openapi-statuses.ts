/**
 * The answers every operation can give because of how it is served, not because its handler
 * chose them: the body parser (400 on JSON that does not parse), the media-type gate (415),
 * the validation hook (422 on bad path, query or body), admin auth and roles (401, 403). The
 * routes declare their own statuses; this adds the shared ones to the generated document so
 * that it states every status the server returns (issue 16, item 7). A route that already
 * declares one of these keeps its own description.
 */

/** The one message for a body that is not JSON, from the library's parser and ours alike. */
export const MALFORMED_JSON_MESSAGE = "The body is not valid JSON.";

type Responses = Record<string, unknown>;
type Operation = {
  parameters?: unknown[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Responses;
};
type Document = { paths?: Record<string, Record<string, Operation>> };

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** The shared statuses `op` can answer at `path`, with their descriptions. */
function implied(path: string, op: Operation): Responses {
  const out: Responses = {};
  const media = Object.keys(op.requestBody?.content ?? {});
  if (media.some((m) => /json/i.test(m))) out["400"] = error(`bad_request: ${MALFORMED_JSON_MESSAGE}`);
  if (media.length > 0)
    out["415"] = error(`unsupported_media_type: a Content-Type other than ${media.join(" or ")}`);
  if ((op.parameters?.length ?? 0) > 0 || media.length > 0)
    out["422"] = error(
      "validation_failed: invalid path, query or body; `details.errors` lists every problem",
    );
  if (path.startsWith("/v1/admin/")) {
    out["401"] = error("unauthorized: missing, wrong or revoked token");
    out["403"] = error("forbidden: the token's role may not do this");
  }
  return out;
}

/** Adds the shared statuses to every operation of `doc` (mutates and returns it). */
export function documentServerStatuses<T extends object>(doc: T): T {
  // The generator's own types are wider than what is read here; only this shape is touched.
  for (const [path, item] of Object.entries((doc as Document).paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || typeof op !== "object" || op === null) continue;
      op.responses = { ...implied(path, op), ...op.responses };
    }
  }
  return doc;
}

import { AppError } from "../errors";
import { issuesToFieldErrors } from "../http/validation";
import { SubmissionRequestSchema } from "./contract";

/** A submission as the client sent it, before the form's own schema is applied. */
export type RawSubmission = {
  fields: Record<string, unknown>;
  context: { pageUrl?: string; referrer?: string; source?: string; utm?: Record<string, string> };
  turnstileToken?: string;
  /** `form` when a plain HTML form posted urlencoded. */
  via: "json" | "form";
  /** Where a plain HTML form wants the browser sent afterwards (its `_redirect` input). */
  redirect?: string;
};

/** Field names that carry context, not answers, in a urlencoded post. */
const UTM_PREFIX = "utm_";
const TURNSTILE_FIELD = "cf-turnstile-response";
const REDIRECT_FIELD = "_redirect";

function fromUrlencoded(text: string): RawSubmission {
  const fields: Record<string, unknown> = {};
  const utm: Record<string, string> = {};
  let turnstileToken: string | undefined;
  let redirect: string | undefined;
  for (const [key, value] of new URLSearchParams(text)) {
    if (key === TURNSTILE_FIELD) turnstileToken = value;
    else if (key === REDIRECT_FIELD) redirect = value.slice(0, 2048);
    else if (key.startsWith(UTM_PREFIX) && /^[a-z_]{1,40}$/.test(key.slice(UTM_PREFIX.length))) {
      utm[key.slice(UTM_PREFIX.length)] = value.slice(0, 500);
    } else if (key in fields) {
      // Repeated keys are how HTML posts a multiselect.
      const prev = fields[key];
      fields[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else fields[key] = value;
  }
  return { fields, context: Object.keys(utm).length ? { utm } : {}, turnstileToken, via: "form", redirect };
}

/**
 * The body as UTF-8 text, invalid bytes replaced. Decoded by hand because workerd's `text()`
 * warns on every body whose content type it does not consider text (urlencoded included).
 */
async function bodyText(req: Request): Promise<string> {
  return new TextDecoder().decode(await req.arrayBuffer());
}

/**
 * Reads a JSON or urlencoded body (the body-size limit is applied before this). Anything
 * else is 415; JSON that is not the submission shape is 422 with every problem listed.
 */
export async function readSubmission(req: Request): Promise<RawSubmission> {
  const type = (req.headers.get("Content-Type") ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded")) return fromUrlencoded(await bodyText(req));
  if (!type.startsWith("application/json")) {
    throw new AppError(
      415,
      "unsupported_media_type",
      "Send application/json or application/x-www-form-urlencoded.",
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(await bodyText(req));
  } catch {
    throw new AppError(400, "bad_request", "The body is not valid JSON.");
  }
  const parsed = SubmissionRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw new AppError(422, "validation_failed", "The submission is malformed.", {
      errors: issuesToFieldErrors(parsed.error.issues),
    });
  }
  const context = parsed.data.context ?? {};
  const utm = context.utm ?? utmOfPage(context.pageUrl);
  return {
    fields: parsed.data.fields,
    context: utm ? { ...context, utm } : context,
    turnstileToken: parsed.data.turnstileToken,
    via: "json",
  };
}

/**
 * The `utm_*` parameters of the page the form was on (the hosted form page's own link, or a
 * landing page), so the lead's stored context carries them even when the embed sends only
 * its URL. Explicit `context.utm` wins.
 */
function utmOfPage(pageUrl: string | undefined): Record<string, string> | undefined {
  if (!pageUrl?.includes(UTM_PREFIX)) return undefined;
  let params: URLSearchParams;
  try {
    params = new URL(pageUrl).searchParams;
  } catch {
    return undefined;
  }
  const utm: Record<string, string> = {};
  for (const [key, value] of params) {
    const name = key.slice(UTM_PREFIX.length);
    if (key.startsWith(UTM_PREFIX) && /^[a-z_]{1,40}$/.test(name) && value) utm[name] = value.slice(0, 500);
  }
  return Object.keys(utm).length ? utm : undefined;
}

import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { loadActiveConfig } from "../config/store";
import { database } from "../db/client";
import { AppError } from "../errors";
import type { AppEnv } from "../http/hono-env";
import { errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import { widgetLanguage, widgetMessages } from "../core/i18n";
import { FormIdParam, PublicFormQuery, PublicFormSchema } from "./contract";
import { leadFacts } from "../lazy";
import { inBackground } from "../http/request-context";

const route = createRoute({
  method: "get",
  path: "/forms/{formId}",
  summary: "A form's public definition, for the widget to render",
  request: { params: FormIdParam, query: PublicFormQuery },
  responses: {
    200: jsonResponse(PublicFormSchema, "The form"),
    404: errorResponse("No such form in the active config"),
  },
});

/**
 * Only what a browser needs to render the form: routing rules and allowed origins stay
 * private. Cross-origin reads are allowed for the form's own `allowedOrigins` only.
 */
export const publicForms = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  route,
  async (c) => {
    const { formId } = c.req.valid("param");
    const query = c.req.valid("query");
    const active = await loadActiveConfig(database(c.env.DB), inBackground(c));
    const form = active?.config.forms.find((f) => f.id === formId);
    if (!form) throw new AppError(404, "not_found", `No form "${formId}".`);

    const origin = c.req.header("Origin");
    c.header("Vary", "Origin");
    if (origin && form.allowedOrigins.includes(origin)) c.header("Access-Control-Allow-Origin", origin);
    c.header("Cache-Control", "public, max-age=30");
    // A submission usually follows: load the lead-fact tables (worker/lazy.ts) after this answer,
    // while the visitor types, and build their indexes, so that the submission waits for neither.
    c.executionCtx.waitUntil(leadFacts().then((m) => m.warmLeadFacts()));
    return c.json(
      {
        id: form.id,
        name: form.name,
        fields: form.fields,
        honeypotField: form.honeypotField ?? null,
        turnstile: { enabled: form.turnstile.enabled, siteKey: form.turnstile.siteKey ?? null },
        noSlotMessage: form.noSlotMessage,
        theme: form.theme ?? null,
        ...localised(form.language, query),
      },
      200,
    );
  },
);

/** The widget's language for this request and its texts (see widgetLanguage). */
function localised(
  formLanguage: Parameters<typeof widgetLanguage>[0],
  q: { lang?: string; accept?: string },
) {
  const language = widgetLanguage(formLanguage, q.lang, (q.accept ?? "").split(",").slice(0, 10));
  return { language, messages: widgetMessages(language) };
}

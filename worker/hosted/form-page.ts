/**
 * The hosted form page, `/f/:formId`: the form and its booking flow on a page of Baton's own,
 * to link from an email or an ad. The page is a branded frame around the same widget a
 * marketer embeds; the widget sends the page's URL, so `utm_*` parameters in the link reach
 * the lead's context. It renders from the edge-cached config like the form definition.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import { loadActiveConfig } from "../config/store";
import { inBackground } from "../http/request-context";
import { acceptLanguages, pickLanguage } from "../core/i18n";
import { ID_PATTERN } from "../core/config-doc/primitives";
import { database } from "../db/client";
import type { AppEnv } from "../http/hono-env";
import { brandingOf, layout, securePage } from "./layout";
import { pageRequest } from "./requests";
import { messagePage, translator } from "./views";

/** The form page, mounted at `/f`. */
export const formPage = new Hono<AppEnv>();

formPage.get("/:formId", async (c) => {
  const formId = c.req.param("formId");
  const active = ID_PATTERN.test(formId) ? await loadActiveConfig(database(c.env.DB), inBackground(c)) : null;
  const form = active?.config.forms.find((f) => f.id === formId);
  if (!active || !form) {
    const lang = pickLanguage(acceptLanguages(c.req.header("Accept-Language")));
    const t = translator(lang);
    const branding = active ? brandingOf(active.config) : { orgName: "Baton" };
    return messagePage(c, {
      lang,
      branding,
      title: t("notFoundTitle"),
      text: t("formNotFound"),
      status: 404,
    });
  }
  // The page's language (the form's, or Accept-Language for "browser") is the widget's too.
  const { lang } = pageRequest(c, active.config, form.id);
  const body = html`<h1>${form.name}</h1>
    <div id="baton-form"></div>
    <script
      src="/widget.js"
      data-baton-form="${form.id}"
      data-baton-target="#baton-form"
      data-baton-lang="${lang}"
      async
    ></script>`;
  securePage(c, true);
  // Shareable: nothing in it is secret, but a publish must show at once, so no shared cache.
  c.header("Cache-Control", "no-cache");
  return c.html(
    layout({ lang, title: form.name, branding: brandingOf(active.config, form.theme?.primaryColor), body }),
  );
});

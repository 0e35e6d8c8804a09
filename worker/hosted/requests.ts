/** Request-side helpers of the hosted pages: language, form bodies, the invalid-link page. */
import type { Context } from "hono";
import type { RoutingConfig } from "../core/config-doc";
import { acceptLanguages, pickLanguage, type Language } from "../core/i18n";
import { loadActiveConfig } from "../config/store";
import { inBackground } from "../http/request-context";
import { database } from "../db/client";
import type { AppEnv } from "../http/hono-env";
import { brandingOf, type Branding } from "./layout";
import { languageFor, messagePage, translator, type Translate } from "./views";

/** A hosted page's language and its messages, from the lead's form and the request. */
export function pageRequest(
  c: Context<AppEnv>,
  config: RoutingConfig,
  formId?: string,
): { lang: Language; t: Translate } {
  const lang = languageFor(config, formId, c.req.header("Accept-Language"));
  return { lang, t: translator(lang) };
}

/** The few fields a hosted form posts; anything past a small body is ignored, not parsed. */
const FORM_BODY_MAX = 8 * 1024;
export async function readForm(c: Context<AppEnv>): Promise<URLSearchParams> {
  const type = c.req.header("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();
  // Bytes, not text(): workerd warns about text() on a body whose type is not text/*.
  const bytes = await c.req.arrayBuffer();
  return new URLSearchParams(bytes.byteLength > FORM_BODY_MAX ? "" : new TextDecoder().decode(bytes));
}

/**
 * The page for a link that cannot be used: forged, expired, for another booking, or for a
 * booking or lead that is gone. One answer for all; the form is unknown, so the browser's
 * language is the best guess.
 */
export async function invalidLink(c: Context<AppEnv>) {
  const active = await loadActiveConfig(database(c.env.DB), inBackground(c)).catch(() => null);
  const branding: Branding = active ? brandingOf(active.config) : { orgName: "Baton" };
  const lang = pickLanguage(acceptLanguages(c.req.header("Accept-Language")));
  const t = translator(lang);
  return messagePage(c, {
    lang,
    branding,
    title: t("linkInvalidTitle"),
    text: t("linkInvalid"),
    status: 403,
  });
}

/** "More days" link: the same page from just after the last slot shown. */
export function moreHref(slots: { start: string }[], pageHref: string): string | undefined {
  const last = slots[slots.length - 1];
  if (!last) return undefined;
  return `${pageHref}&from=${encodeURIComponent(new Date(Date.parse(last.start) + 1).toISOString())}`;
}

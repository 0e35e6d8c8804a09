/** Pieces the hosted pages share: the language of a request, the slot picker, the zone switch. */
import type { Context } from "hono";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { RoutingConfig } from "../core/config-doc";
import { isIanaTimeZone } from "../core/config-doc/primitives";
import {
  acceptLanguages,
  CATALOGUES,
  formatMessage,
  pickLanguage,
  type Language,
  type MessageKey,
} from "../core/i18n";
import { groupByDay, zoneChoices } from "../core/i18n/dates";
import { layout, securePage, type Branding, type Html } from "./layout";

/** A message in the page's language, placeholders filled. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  const messages = CATALOGUES[lang];
  return (key, vars) => formatMessage(messages[key], vars);
}

/** The form's language, or the visitor's (Accept-Language) when the form says "browser". */
export function languageFor(config: RoutingConfig, formId: string | undefined, accept?: string): Language {
  const chosen = config.forms.find((f) => f.id === formId)?.language ?? "en";
  return chosen === "browser" ? pickLanguage(acceptLanguages(accept)) : chosen;
}

/** The zone from `?tz=` when it is a real IANA zone, else `fallback`. */
export function zoneOf(c: Context, fallback: string): string {
  const tz = c.req.query("tz");
  return tz && isIanaTimeZone(tz) ? tz : fallback;
}

type Slot = { start: string; end: string };

/**
 * Fresh slots as one POST form: each time is a submit button carrying its start, so a click
 * books without any script, exactly as the widget's buttons do.
 */
export function slotPicker(opts: {
  action: string;
  slots: Slot[];
  zone: string;
  lang: Language;
  t: Translate;
  moreHref?: string;
}): Html {
  const { action, slots, zone, lang, t, moreHref } = opts;
  const days = groupByDay(slots, zone, lang);
  if (!days.length) return html`<p class="muted">${t("noTimes")}</p>`;
  return html`<form method="post" action="${action}">
      <input type="hidden" name="tz" value="${zone}" />
      ${days.map(
        (day) =>
          html`<div class="day" role="group" aria-label="${day.label}">
            <p class="day-label">${day.label}</p>
            <div class="slots">
              ${day.slots.map(
                ({ slot, time }) =>
                  html`<button
                    class="slot"
                    name="start"
                    value="${slot.start}"
                    aria-label="${day.label}, ${time}"
                  >
                    ${time}
                  </button>`,
              )}
            </div>
          </div>`,
      )}
    </form>
    ${moreHref ? html`<p class="more"><a href="${moreHref}">${t("moreDays")}</a></p>` : ""}`;
}

/** A GET form that reloads the page in another zone; the token rides along as a hidden field. */
export function zoneSwitcher(t: Translate, zone: string, hidden: Record<string, string>): Html {
  return html`<form method="get" class="inline">
    ${Object.entries(hidden).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}
    <div>
      <label for="tz">${t("timeZone")}</label>
      <select id="tz" name="tz">
        ${zoneChoices(zone).map(
          (z) => html`<option value="${z}" ${z === zone ? " selected" : ""}>${z.replace(/_/g, " ")}</option>`,
        )}
      </select>
    </div>
    <button type="submit">${t("showTimes")}</button>
  </form>`;
}

/** A page that only says something: an invalid link, a missing form. */
export function messagePage(
  c: Context,
  opts: { lang: Language; branding: Branding; title: string; text: string; status: ContentfulStatusCode },
) {
  securePage(c);
  const body = html`<h1>${opts.title}</h1>
    <p>${opts.text}</p>`;
  return c.html(layout({ lang: opts.lang, title: opts.title, branding: opts.branding, body }), opts.status);
}

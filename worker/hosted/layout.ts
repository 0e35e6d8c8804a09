/**
 * The frame of every hosted page (booking page, lead page, form page): the org's logo and
 * colours, the page's language and direction, one stylesheet inline. Every value reaches the
 * HTML through hono/html's template, which escapes it; colours are checked again here
 * because they land inside CSS, where HTML escaping does not help.
 */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { RoutingConfig } from "../core/config-doc";
import type { Language } from "../core/i18n";
import { HEX_COLOR_PATTERN } from "../core/config-doc/patterns";
import { PAGE_CSS } from "./styles";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
export type Branding = { orgName: string; logoUrl?: string; primary?: string; background?: string };

/** The org's branding, with a form's own accent colour winning when given. */
export function brandingOf(config: RoutingConfig, formColor?: string): Branding {
  const b = config.org.branding;
  return {
    orgName: config.org.name,
    logoUrl: b?.logoUrl,
    primary: formColor ?? b?.primaryColor,
    background: b?.backgroundColor,
  };
}

function brandCss(b: Branding): string {
  const vars = [
    b.primary && HEX_COLOR_PATTERN.test(b.primary) ? `--primary:${b.primary}` : "",
    b.background && HEX_COLOR_PATTERN.test(b.background) ? `--page:${b.background}` : "",
  ].filter(Boolean);
  return vars.length ? `:root{${vars.join(";")}}` : "";
}

/**
 * No script runs on these pages unless the page names it (the form page loads widget.js);
 * forms post only to this origin; images are https (rep photos, logos) or inline.
 */
export function securePage(c: Context, scripts = false): void {
  c.header(
    "Content-Security-Policy",
    [
      "default-src 'none'",
      `script-src ${scripts ? "'self'" : "'none'"}`,
      `connect-src ${scripts ? "'self'" : "'none'"}`,
      "style-src 'unsafe-inline'",
      "img-src https: data:",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  // The token in the URL is the capability: keep the page out of caches and referrers.
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
}

/** A whole HTML document around `body`. */
export function layout(opts: {
  lang: Language;
  title: string;
  branding: Branding;
  body: Html;
  head?: Html;
}): Html {
  const { lang, title, branding: b, body, head } = opts;
  return html`<!doctype html>
    <html lang="${lang}" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · ${b.orgName}</title>
        <style>
          ${raw(PAGE_CSS)}${raw(brandCss(b))}
        </style>
        ${head ?? ""}
      </head>
      <body>
        <header class="brand">
          ${
            b.logoUrl?.startsWith("https://")
              ? html`<img class="logo" src="${b.logoUrl}" alt="${b.orgName}" />`
              : html`<span class="org">${b.orgName}</span>`
          }
        </header>
        <main>${body}</main>
      </body>
    </html>`;
}

/** The rep's photo, or their initials when there is no https photo. Decorative: the name is beside it. */
export function avatar(name: string, photoUrl?: string): Html {
  if (photoUrl?.startsWith("https://")) return html`<img class="avatar" src="${photoUrl}" alt="" />`;
  const initials = name
    .split(/\s+/)
    .map((w) => w[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return html`<span class="avatar" aria-hidden="true">${initials}</span>`;
}

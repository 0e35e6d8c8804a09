/**
 * Patterns the config schema enforces and the widget checks again in the browser. Their own
 * zod-free module, so that the widget imports the values without pulling the schema (and
 * zod) into its bundle.
 */

/** Pattern every config id follows: short, lowercase, URL- and log-safe. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

// The font is interpolated into the widget's CSS; a restricted alphabet means a value can
// never close the declaration and inject other rules.
export const FONT_PATTERN = /^[a-zA-Z0-9 ,'"-]{1,200}$/;

/** A theme colour: #rgb or #rrggbb. */
export const HEX_COLOR_PATTERN = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/**
 * A Turnstile sitekey: a digit, "x", then URL-safe characters, at most 32 in all. Cloudflare's
 * API schema gives `turnstile_sitekey` maxLength 32 (e.g. "0x4AAF00AAAABn0R22HWm-YUc"); its
 * dummy test keys are "1x00000000000000000000AA" and the like. A pasted secret key (35
 * characters) or an HTML snippet is refused here instead of failing silently in the widget.
 */
export const TURNSTILE_SITE_KEY_PATTERN = /^[0-9]x[0-9A-Za-z_-]{1,30}$/;

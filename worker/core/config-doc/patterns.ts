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

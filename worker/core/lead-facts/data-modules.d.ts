// Data packages that ship plain JSON or CommonJS without types. The tsconfigs leave
// resolveJsonModule off, so these declarations describe what the bundler (esbuild in
// wrangler, Vite in vitest) actually hands us.

declare module "disposable-email-domains-js/dist/dict/disposable_email_blocklist.json" {
  const domains: string[];
  export default domains;
}

declare module "role-based-email-addresses" {
  const prefixes: string[];
  export default prefixes;
}

declare module "i18n-iso-countries/codes.json" {
  /** [alpha-2, alpha-3, numeric, "ISO 3166-2:XX"] rows. */
  const codes: [string, string, string, string][];
  export default codes;
}

declare module "i18n-iso-countries/langs/*.json" {
  const locale: { locale: string; countries: Record<string, string | string[]> };
  export default locale;
}

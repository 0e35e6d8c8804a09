/**
 * What `import … from "zod"` bundles to in the deployed Worker (wrangler.toml `[alias]`):
 * zod's classic API, as `zod/v4/classic/external.js` declares it, minus the `locales` and
 * `core` namespaces. @hono/zod-openapi passes the `z` namespace to `extendZodWithOpenApi` as a
 * value, so the bundler keeps every export of it; through those two namespaces that was
 * every locale zod ships (262 KiB raw, ~40 KiB gzip) although the Worker only uses English,
 * which `schemas.js` configures itself. Baton uses `z.core` for types only. Tests and
 * `tsc` still see the real package; `npm run bundle:check` and the wrangler-dev e2e run this.
 * Paths are relative because the package's `exports` map does not expose these files.
 */
import * as z from "./zod-classic.js";

export * from "./zod-classic.js";
export { z, z as default };

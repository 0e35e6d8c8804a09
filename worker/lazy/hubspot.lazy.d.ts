// Types of the built module (scripts/build-lazy.mjs); the code is ./hubspot.ts.
export * from "./hubspot";

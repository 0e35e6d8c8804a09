// Types of the built module (scripts/build-lazy.mjs); the code is ./lead-facts.ts.
export * from "./lead-facts";

// Types of the built module (scripts/build-lazy.mjs); the code is ./microsoft-calendar.ts.
export * from "./microsoft-calendar";

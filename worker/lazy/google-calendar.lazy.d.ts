// Types of the built module (scripts/build-lazy.mjs); the code is ./google-calendar.ts.
export * from "./google-calendar";

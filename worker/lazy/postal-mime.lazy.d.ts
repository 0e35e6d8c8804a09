// Types of the built module (scripts/build-lazy.mjs); the code is ./postal-mime.ts.
export * from "./postal-mime";

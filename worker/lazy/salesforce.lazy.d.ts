// Types of the built module (scripts/build-lazy.mjs); the code is ./salesforce.ts.
export * from "./salesforce";

import { defineConfig } from "vitest/config";
export default defineConfig({ root: "/work/main", test: { projects: [ { test: { name: "bench", include: ["test/bench/**/*.bench.ts"], benchmark: { include: ["test/bench/**/*.bench.ts"] }, environment: "node" } } ] } });

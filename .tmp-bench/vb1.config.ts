import { defineConfig } from "vitest/config";
export default defineConfig({ root: "/work/main", test: { projects: [ { test: { name: "bench", include: [], benchmark: { include: ["test/bench/**/*.bench.ts"] }, environment: "node" } } ] } });

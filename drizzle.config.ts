import { defineConfig } from "drizzle-kit";

// drizzle-kit stays at 0.31: it writes flat NNNN_name.sql files, which wrangler and
// readD1Migrations read; 1.x nests folders that neither understands.
export default defineConfig({
  dialect: "sqlite",
  schema: "./worker/db/schema/index.ts",
  out: "./migrations",
});

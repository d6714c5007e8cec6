import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// eslint-config-next 16 exports flat config arrays. STYLE.md's drizzle rules (no delete/update without `where`)
// need eslint-plugin-drizzle, which is not a dependency yet; add `drizzle/enforce-delete-with-where` and
// `drizzle/enforce-update-with-where` here once it is.
export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-e2e/**", "node_modules/**", ".data/**", "db/migrations/**", "test-results/**", "next-env.d.ts"]),
]);

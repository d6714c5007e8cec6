import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./server/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Browser tests run their own server beside a developer's `npm run dev`; each needs its own build folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and WASM database drivers stay out of the bundle; Node loads them at run time.
  serverExternalPackages: ["@electric-sql/pglite", "argon2", "pg", "@neondatabase/serverless"],
  typedRoutes: false,
};

export default withNextIntl(nextConfig);

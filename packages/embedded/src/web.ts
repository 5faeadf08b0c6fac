import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";

/**
 * The web client on the API's origin, as CloudFront serves it in AWS: files
 * from the build, the runtime config, and index.html for every client route.
 */
export function webApp(distDir: string, runtimeConfig: Record<string, unknown>) {
  const app = new Hono();
  const indexFile = join(distDir, "index.html");
  if (!existsSync(indexFile)) {
    throw new Error(
      `The web client is not built (no ${indexFile}). Run: npx -y pnpm@10 --filter @crm/web build`,
    );
  }
  app.get("/config.json", (c) => c.json(runtimeConfig, 200, { "cache-control": "no-store" }));
  app.use(
    "/assets/*",
    serveStatic({
      root: distDir,
      onFound: (_path, c) => c.header("cache-control", "public, max-age=31536000, immutable"),
    }),
  );
  app.use("*", serveStatic({ root: distDir }));
  // Read on each request (a few KB): after a rebuild, client routes load the new bundle
  // instead of an index.html that names assets the build has removed (a blank page).
  app.get("*", (c) => c.html(readFileSync(indexFile, "utf8"), 200, { "cache-control": "no-cache" }));
  return app;
}

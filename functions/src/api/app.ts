import { randomUUID } from "node:crypto";
import { loadNameReadings } from "@crm/domain";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { TrieRouter } from "hono/router/trie-router";
import { secureHeaders } from "hono/secure-headers";
import type { ZodError } from "zod";
import { requestLog } from "../observability.js";
import { webCors } from "./cors.js";
import type { ApiDeps, AppEnv } from "./env.js";
import { IMPORT_PART, MAX_PART_BYTES } from "./import-parts.js";
import { handleError, notFoundRoute, problemBody, problemResponse, validationProblem } from "./problem.js";
import { type DocumentConfig, loadRoutesOnDemand, ROUTES_UNLOADED } from "./route-groups.js";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Reads that sort, search and write no name: one customer, the caller, the settings, the field definitions. */
const NAMELESS_READS = [
  /^\/v1\/customers\/[0-9A-Za-z_-]+$/,
  /^\/v1\/me$/,
  /^\/v1\/tenant\/settings$/,
  /^\/v1\/custom-fields$/,
];

const WHERE: Record<string, string> = { json: "body", param: "path", query: "query", header: "headers" };

const DOCUMENT: DocumentConfig = {
  openapi: "3.1.0",
  info: {
    title: "CRM API",
    version: "1",
    description:
      "The multi-tenant CRM's HTTP API. Sign up, sign in, then send Authorization: Bearer <accessToken>. The tenant always comes from the token.",
  },
};

/** The HTTP API: the same app runs in Lambda and, in the embedded stack, on Node's HTTP server. */
export function createApi(deps: ApiDeps) {
  const app = new Hono<AppEnv>({
    // Routes are added after the first request (route-groups.ts): Hono's default router takes none then.
    router: new TrieRouter(),
  });
  app.use("*", secureHeaders());
  app.use("/v1/*", webCors(deps.webUrl));
  const jsonLimit = bodyLimit({
    maxSize: 256 * 1024,
    onError: (c) =>
      problemResponse(
        c,
        problemBody("payload-too-large", { maxBytes: 256 * 1024 }, "Bodies are limited to 256 KiB."),
      ),
  });
  // An import's file comes in parts of up to 4 MiB (under API Gateway's 10 MB and Lambda's 6 MB).
  const partLimit = bodyLimit({
    maxSize: MAX_PART_BYTES,
    onError: (c) =>
      problemResponse(
        c,
        problemBody(
          "payload-too-large",
          { maxBytes: 4 * 1024 * 1024 },
          "Send the file in parts of up to 4 MiB.",
        ),
      ),
  });
  app.use("/v1/*", (c, next) => (IMPORT_PART.test(c.req.path) ? partLimit(c, next) : jsonLimit(c, next)));
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    // API Gateway's request id in Lambda; a fresh one elsewhere. Clients quote it when reporting a problem.
    const lambdaEvent = (c.env as { event?: { requestContext?: { requestId?: string } } } | undefined)?.event;
    const requestId = lambdaEvent?.requestContext?.requestId ?? randomUUID();
    c.set("log", requestLog({ requestId }));
    c.header("x-request-id", requestId);
    // Routes that failed to load (route-groups.ts): answered as any error, with this request's id.
    const unloaded = (c.env as { [ROUTES_UNLOADED]?: unknown } | undefined)?.[ROUTES_UNLOADED];
    if (unloaded) throw unloaded;
    await next();
  });
  // The pinyin dictionary is loaded by the first request that may write, search or sort a name
  // (name-readings.ts): only the plain reads below are known to need none.
  app.use("/v1/*", async (c, next) => {
    const nameless =
      READ_METHODS.has(c.req.method) &&
      !c.req.url.includes("?") &&
      NAMELESS_READS.some((path) => path.test(c.req.path));
    if (!nameless) await loadNameReadings();
    await next();
  });

  // Each group of routes is loaded and added at the first request to its paths (route-groups.ts).
  const routes = loadRoutesOnDemand(app, (result, c) => {
    if (!result.success) {
      return validationProblem(
        c as Context,
        result.error as ZodError,
        (result as { data?: unknown }).data,
        WHERE[result.target] ?? result.target,
      );
    }
  });
  app.get("/v1/openapi.json", async (c) => c.json(await routes.openApiDocument(DOCUMENT)));
  app.get("/v1/reference", async (c) => {
    const [document, { renderReference }] = await Promise.all([
      routes.openApiDocument(DOCUMENT),
      import("./reference.js"),
    ]);
    return c.html(renderReference(document as never));
  });
  app.notFound(notFoundRoute);
  app.onError(handleError);
  return app;
}

export type Api = ReturnType<typeof createApi>;

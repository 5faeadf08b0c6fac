import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { ZodError } from "zod";
import { rootLogger } from "../observability.js";
import { webCors } from "./cors.js";
import type { ApiDeps, AppEnv } from "./env.js";
import { handleError, notFoundRoute, problemBody, problemResponse, validationProblem } from "./problem.js";
import { renderReference } from "./reference.js";
import { registerAuth } from "./routes/auth.js";
import { registerContacts } from "./routes/contacts.js";
import { registerCustomFields } from "./routes/custom-fields.js";
import { registerCustomers } from "./routes/customers.js";
import { registerExports } from "./routes/exports.js";
import { IMPORT_PART, MAX_PART_BYTES, registerImports } from "./routes/imports.js";
import { registerMe } from "./routes/me.js";
import { registerOwners } from "./routes/owners.js";
import { registerPasswords } from "./routes/passwords.js";
import { registerScoring } from "./routes/scoring.js";
import { registerSeats } from "./routes/seats.js";
import { registerSettings } from "./routes/settings.js";
import { registerSignup } from "./routes/signup.js";
import { registerTransactions } from "./routes/transactions.js";
import { registerUsers } from "./routes/users.js";

const WHERE: Record<string, string> = { json: "body", param: "path", query: "query", header: "headers" };

const DOCUMENT = {
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
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return validationProblem(
          c as Context,
          result.error as ZodError,
          (result as { data?: unknown }).data,
          WHERE[result.target] ?? result.target,
        );
      }
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
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
    c.set("log", rootLogger().createChild({ persistentKeys: { requestId } }));
    c.header("x-request-id", requestId);
    await next();
  });

  registerSignup(app);
  registerAuth(app);
  registerMe(app);
  registerPasswords(app);
  registerUsers(app);
  registerSettings(app);
  registerSeats(app);
  registerCustomers(app);
  registerOwners(app);
  registerContacts(app);
  registerCustomFields(app);
  registerImports(app);
  registerExports(app);
  registerTransactions(app);
  registerScoring(app);

  app.doc31("/v1/openapi.json", DOCUMENT);
  app.get("/v1/reference", (c) => c.html(renderReference(app.getOpenAPI31Document(DOCUMENT) as never)));
  app.notFound(notFoundRoute);
  app.onError(handleError);
  return app;
}

export type Api = ReturnType<typeof createApi>;

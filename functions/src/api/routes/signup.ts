import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { countEvent } from "../../observability.js";
import { newTenantId, signUp, tenantIdFromKey } from "../../services/onboarding.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { idempotencyKey, idempotent } from "../idempotency.js";
import { problemResponses } from "../problem.js";
import { limitByAddress } from "../rate-limits.js";
import { idempotencyHeader, json, jsonBody, SignupInput, SignupResult } from "../schemas.js";

const acceptLanguageHeader = z.object({
  "accept-language": z.string().optional().openapi({
    description:
      "Read when the body names no locale or region: zh-CN,zh;q=0.9 starts a company in Chinese with CN phone numbers.",
  }),
});

/** A signup's records live under the tenant its key makes, before that tenant exists. */
const idempotentSignup = idempotent("signup", {
  records: async (c, key) => ({
    repository: await c.var.deps.store.signupIdempotency(tenantIdFromKey(key)),
    owner: "public",
  }),
});

const route = createRoute({
  method: "post",
  path: "/v1/signup",
  tags: ["Tenants"],
  summary: "Sign a company up: creates the tenant, its settings and its first admin",
  middleware: [limitByAddress("signup")],
  description:
    "The company starts in the language and phone region the signup names (`locale`, `region`), else those of the Accept-Language header, else en and US.",
  request: { headers: idempotencyHeader.extend(acceptLanguageHeader.shape), body: jsonBody(SignupInput) },
  responses: { 201: json(SignupResult, "The tenant was created"), ...problemResponses(400, 409, 422, 429) },
});

export function registerSignup(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, (c) =>
    idempotentSignup(c, async () => {
      const key = idempotencyKey(c);
      const tenantId = key ? tenantIdFromKey(key) : newTenantId();
      const input = c.req.valid("json");
      const result = await signUp(
        c.var.deps,
        input,
        tenantId,
        nowOf(c.var.deps),
        c.req.header("accept-language"),
      );
      c.var.log.appendKeys({ tenantId });
      countEvent("Signup", { plan: result.plan }, { tenantId });
      return c.json(result, 201);
    }),
  );
}

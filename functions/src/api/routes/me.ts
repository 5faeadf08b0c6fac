import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { json, Tenant, User } from "../schemas.js";

const route = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Sessions"] },
  {
    method: "get",
    path: "/v1/me",
    summary: "Who I am and which tenant I work in",
    responses: {
      200: json(z.object({ user: User, tenant: Tenant }).meta({ id: "Me" })),
      ...problemResponses(401),
    },
  },
);

export function registerMe(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { tenant, principal } = c.var;
    const [user, { settings }] = await Promise.all([
      tenant.users.get(principal.userId),
      tenant.settings.get(),
    ]);
    const { tenantId, plan, createdAt } = tenant.tenant;
    return c.json({ user, tenant: { id: tenantId, plan, createdAt, settings } }, 200);
  });
}

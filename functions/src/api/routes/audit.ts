import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { sealedPage } from "../cursors.js";
import type { AppEnv } from "../env.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { json, pageQuery } from "../schemas.js";

const AuditEntry = z.object({
  at: z.string(),
  action: z.string(),
  customerId: z.string().optional(),
  by: z.string(),
  byName: z.string(),
});

const latest = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: ["Tenants"] },
  {
    method: "get",
    path: "/v1/audit",
    summary: "Deletions, restores and erasures, newest first (admins)",
    request: { query: pageQuery(50) },
    responses: {
      200: json(z.object({ items: z.array(AuditEntry), nextCursor: z.string().optional() })),
      ...problemResponses(400, 401, 403),
    },
  },
);

/** The tenant's audit log: who deleted, restored, merged or erased which customer. */
export function registerAudit(app: OpenAPIHono<AppEnv>) {
  app.openapi(latest, async (c) => {
    const { limit } = c.req.valid("query");
    return c.json(await sealedPage(c, (cursor) => c.var.tenant.audit.latest({ cursor, limit })), 200);
  });
}

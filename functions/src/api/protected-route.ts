import type { Role } from "@crm/domain";
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { authenticate, requireRole } from "./authenticate.js";
import { idempotencyHeader } from "./schemas.js";

/** Who may call a protected route, and whether it answers a retried request once. */
export type Access = {
  /** Anyone signed in to the tenant, or only these roles (403 for others). */
  roles: "signed-in" | readonly Role[];
  /**
   * A retry with the same Idempotency-Key gets the first answer: the route
   * takes the header, and its handler wraps its work in `idempotent(...)`
   * once the request is known to be valid.
   */
  idempotent: boolean;
  /** The OpenAPI document's groups. */
  tags: string[];
};

type Route = Omit<RouteConfig, "security" | "middleware" | "tags">;

/**
 * The one way to declare a route that needs a signed-in caller: the bearer
 * token is verified (authenticate), the role checked, and an idempotent
 * route takes the Idempotency-Key header; the OpenAPI document says so.
 */
export function protectedRoute<const R extends Route>(access: Access, route: R) {
  const middleware =
    access.roles === "signed-in" ? [authenticate] : [authenticate, requireRole(...access.roles)];
  if (access.idempotent && route.request?.headers) {
    throw new Error(`${route.method} ${route.path}: an idempotent route takes no other headers`);
  }
  const request = access.idempotent ? { ...route.request, headers: idempotencyHeader } : route.request;
  return createRoute({
    ...route,
    ...(request && { request }),
    security: [{ bearer: [] }],
    tags: access.tags,
    middleware,
  } as R & { security: { bearer: never[] }[]; tags: string[]; middleware: typeof middleware });
}

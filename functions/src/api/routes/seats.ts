import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { json } from "../schemas.js";

const Seats = z
  .object({
    date: z.string(),
    takenAt: z.string(),
    seats: z.object({
      active: z.object({ admin: z.number(), manager: z.number(), rep: z.number() }),
      invited: z.number(),
      deactivated: z.number(),
    }),
  })
  .meta({ id: "SeatSnapshot" });

const route = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: ["Tenants"] },
  {
    method: "get",
    path: "/v1/tenant/seats",
    summary: "Seats by night, newest first: active users by role, invited, deactivated (admins)",
    request: { query: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }) },
    responses: { 200: json(z.object({ items: z.array(Seats) })), ...problemResponses(400, 401, 403) },
  },
);

export function registerSeats(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json({ items: await c.var.tenant.seatSnapshots.latest(c.req.valid("query").days) }, 200),
  );
}

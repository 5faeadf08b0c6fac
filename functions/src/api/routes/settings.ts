import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { ifMatchHeader, json, jsonBody, SettingsPatch, VersionedSettings } from "../schemas.js";
import { etagOf, expectedVersion } from "../versioning.js";

const read = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Tenants"] },
  {
    method: "get",
    path: "/v1/tenant/settings",
    summary: "The tenant's settings (every role)",
    responses: { 200: json(VersionedSettings), ...problemResponses(401) },
  },
);

const edit = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: ["Tenants"] },
  {
    method: "patch",
    path: "/v1/tenant/settings",
    summary: "Change settings (admins); send If-Match with the version edited",
    request: { headers: ifMatchHeader, body: jsonBody(SettingsPatch) },
    responses: { 200: json(VersionedSettings), ...problemResponses(400, 401, 403, 412, 428) },
  },
);

export function registerSettings(app: OpenAPIHono<AppEnv>) {
  app.openapi(read, async (c) => {
    const { settings, version, updatedAt } = await c.var.tenant.settings.get();
    c.header("etag", etagOf(version));
    return c.json({ ...settings, version, updatedAt }, 200);
  });

  app.openapi(edit, async (c) => {
    const version = expectedVersion(c);
    const updated = await c.var.tenant.settings.update(
      c.req.valid("json"),
      version,
      nowOf(c.var.deps).toISOString(),
    );
    c.header("etag", etagOf(updated.version));
    return c.json({ ...updated.settings, version: updated.version, updatedAt: updated.updatedAt }, 200);
  });
}

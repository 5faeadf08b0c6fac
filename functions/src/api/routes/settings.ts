import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { authenticate, requireRole } from "../authenticate.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { ifMatchHeader, json, jsonBody, SettingsPatch, VersionedSettings } from "../schemas.js";
import { etagOf, expectedVersion } from "../versioning.js";

const read = createRoute({
  method: "get",
  path: "/v1/tenant/settings",
  tags: ["Tenants"],
  summary: "The tenant's settings (every role)",
  security: [{ bearer: [] }],
  middleware: [authenticate],
  responses: { 200: json(VersionedSettings), ...problemResponses(401) },
});

const edit = createRoute({
  method: "patch",
  path: "/v1/tenant/settings",
  tags: ["Tenants"],
  summary: "Change settings (admins); send If-Match with the version edited",
  security: [{ bearer: [] }],
  middleware: [authenticate, requireRole("admin")],
  request: { headers: ifMatchHeader, body: jsonBody(SettingsPatch) },
  responses: { 200: json(VersionedSettings), ...problemResponses(400, 401, 403, 412, 428) },
});

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

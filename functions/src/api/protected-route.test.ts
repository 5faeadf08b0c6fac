import { OpenAPIHono, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { authenticate } from "./authenticate.js";
import { protectedRoute } from "./protected-route.js";
import { ifMatchHeader, json } from "./schemas.js";

const ok = { responses: { 200: json(z.object({ ok: z.boolean() })) } };

describe("a protected route", () => {
  it("verifies the caller, checks the roles given, and says so in the OpenAPI document", () => {
    const anyone = protectedRoute(
      { roles: "signed-in", idempotent: false, tags: ["T"] },
      { method: "get", path: "/v1/a", ...ok },
    );
    const admins = protectedRoute(
      { roles: ["admin", "manager"], idempotent: false, tags: ["T"] },
      { method: "get", path: "/v1/b", ...ok },
    );
    expect(anyone.middleware).toEqual([authenticate]);
    expect(admins.middleware).toHaveLength(2);
    expect(admins.middleware[0]).toBe(authenticate);
    expect(anyone.security).toEqual([{ bearer: [] }]);
    expect(anyone.tags).toEqual(["T"]);
  });

  it("takes the Idempotency-Key header when it answers a retry once", () => {
    const app = new OpenAPIHono();
    app.openapi(
      protectedRoute(
        { roles: "signed-in", idempotent: true, tags: ["T"] },
        { method: "post", path: "/v1/c", ...ok },
      ),
      (c) => c.json({ ok: true }, 200),
    );
    const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    const parameters = doc.paths?.["/v1/c"]?.post?.parameters ?? [];
    expect(parameters).toEqual([expect.objectContaining({ name: "idempotency-key", in: "header" })]);
  });

  it("refuses to declare an idempotent route that takes other headers", () => {
    expect(() =>
      protectedRoute(
        { roles: "signed-in", idempotent: true, tags: ["T"] },
        { method: "patch", path: "/v1/d", request: { headers: ifMatchHeader }, ...ok },
      ),
    ).toThrow(/takes no other headers/);
  });
});

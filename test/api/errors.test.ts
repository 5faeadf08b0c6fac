import { describe, expect, it } from "vitest";
import { call, signUpTenant } from "../support/api.js";

describe("errors and the API description", () => {
  it("answers an unknown route with a problem+json 404", async () => {
    const answer = await call("GET", "/v1/no-such-thing");
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(answer.body).toMatchObject({ type: expect.any(String), title: "Not found", status: 404 });
  });

  it("answers a body that is not JSON with a problem+json 400", async () => {
    const answer = await call("POST", "/v1/auth/login", { raw: "{not json" });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(answer.body)).not.toMatch(/at \w+ \(|node_modules|SyntaxError/);
  });

  it("names an unknown field in a body as the problem's path", async () => {
    const { admin } = await signUpTenant("unknown-field");
    const answer = await call("PATCH", "/v1/tenant/settings", {
      token: admin.token,
      headers: { "if-match": '"1"' },
      body: { currency: "EUR", colour: "blue" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: "colour", code: "not-accepted" })]);
  });

  it("describes every route in OpenAPI 3.1 and renders a reference page from it", async () => {
    const doc = await call("GET", "/v1/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    const routes = Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        "POST /v1/signup",
        "POST /v1/auth/login",
        "POST /v1/auth/refresh",
        "GET /v1/me",
        "POST /v1/users",
        "GET /v1/users",
        "PATCH /v1/users/{id}",
        "GET /v1/tenant/settings",
        "PATCH /v1/tenant/settings",
      ]),
    );
    expect(doc.body.components.schemas.Problem).toBeDefined();
    const page = await call("GET", "/v1/reference");
    expect(page.status).toBe(200);
    for (const route of routes) expect(page.body).toContain(route.split(" ")[1]);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { offlineApi } from "./offline-api.js";

const api = () => offlineApi();

const paths = (app: ReturnType<typeof api>) => new Set(app.routes.map((route) => route.path));

describe("routes loaded on demand", () => {
  it("has every route module in a group", () => {
    const groups = readFileSync(new URL("./route-groups.ts", import.meta.url), "utf8");
    const modules = readdirSync(new URL("./routes/", import.meta.url)).filter((file) => file.endsWith(".ts"));
    expect(modules.length).toBeGreaterThan(0);
    for (const file of modules)
      expect(groups).toContain(`import("./routes/${file.replace(/\.ts$/, ".js")}")`);
  });

  it("adds a group's routes at the first request to one of its paths, and only that group's", async () => {
    const app = api();
    expect(paths(app).has("/v1/customers/:id")).toBe(false);

    const response = await app.request("/v1/customers/01CUSTOMER");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "token-missing" });
    expect(paths(app)).toContain("/v1/customers/:id");
    expect(paths(app)).toContain("/v1/directory");
    expect(paths(app).has("/v1/imports")).toBe(false);
  });

  it("reaches a group's routes whatever spelling of the path the router decodes", async () => {
    const app = api();
    const response = await app.request("/v1/%63ustomers/01CUSTOMER");
    expect(response.status).toBe(401);
  });

  it("answers an unknown path as before: a 404 problem", async () => {
    const app = api();
    for (const path of ["/v1/nothing-here", "/v1/customers/01CUSTOMER/nothing-here", "/elsewhere"]) {
      const response = await app.request(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: "route-not-found" });
    }
  });

  it("describes every route in the OpenAPI document, loading every group", async () => {
    const app = api();
    const document = (await (await app.request("/v1/openapi.json")).json()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    for (const path of [
      "/v1/signup",
      "/v1/me",
      "/v1/customers/{id}",
      "/v1/imports",
      "/v1/analytics/summary",
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
    expect(document.components.securitySchemes).toHaveProperty("bearer");
    expect(await (await app.request("/v1/reference")).text()).toContain("/v1/customers/{id}");
  });
});

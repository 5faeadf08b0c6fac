import { beforeAll, describe, expect, it } from "vitest";
import { call, signUpTenant, type TestTenant } from "../support/api.js";

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await signUpTenant("if-match", { locale: "zh-CN" });
});

describe("If-Match is compared strongly", () => {
  it("refuses a weak tag of the current version with 412 version-unknown, and changes nothing", async () => {
    const customer = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "Weak Tag" },
    });
    const etag = customer.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"\d+"$/);
    const weak = await call("PATCH", `/v1/customers/${customer.body.id}`, {
      token: tenant.admin.token,
      headers: { "if-match": `W/${etag}` },
      body: { name: "Changed" },
    });
    expect(weak.status).toBe(412);
    expect(weak.body.code).toBe("version-unknown");
    const after = await call("GET", `/v1/customers/${customer.body.id}`, { token: tenant.admin.token });
    expect(after.body.name).toBe("Weak Tag");
    expect(after.headers.get("etag")).toBe(etag);

    const strong = await call("PATCH", `/v1/customers/${customer.body.id}`, {
      token: tenant.admin.token,
      headers: { "if-match": etag },
      body: { name: "Changed" },
    });
    expect(strong.status).toBe(200);
    expect(strong.body.name).toBe("Changed");
  });

  it("refuses a weak tag on the tenant's settings too", async () => {
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    const answer = await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: { "if-match": `W/${settings.headers.get("etag")}` },
      body: { currency: "HKD" },
    });
    expect(answer.status).toBe(412);
    expect(answer.body.code).toBe("version-unknown");
    const after = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    expect(after.body.currency).toBe(settings.body.currency);
  });
});

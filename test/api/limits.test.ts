import { describe, expect, it } from "vitest";
import { call, signUpTenant } from "../support/api.js";

describe("per-tenant limits", () => {
  it("slows a tenant that floods the API with 429 and Retry-After, while another tenant is served", async () => {
    const noisy = await signUpTenant("noisy");
    const quiet = await signUpTenant("quiet");
    const flood = await Promise.all(
      Array.from({ length: 80 }, () => call("GET", "/v1/me", { token: noisy.admin.token })),
    );
    const refused = flood.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(flood.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
    expect(refused[0]?.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused[0]?.body).toMatchObject({ status: 429, type: "urn:problem:crm:too-many-requests" });
    expect((await call("GET", "/v1/me", { token: quiet.admin.token })).status).toBe(200);
  });
});

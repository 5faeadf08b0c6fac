import { createApi } from "@crm/functions/api/app";
import { TenantLimiter } from "@crm/functions/api/tenant-limiter";
import { createDeps } from "@crm/functions/deps";
import { describe, expect, it } from "vitest";
import { crm, signUpTenant } from "../support/api.js";

describe("per-tenant limits", () => {
  it("slows a tenant that floods the API with 429 and Retry-After, while another tenant is served", async () => {
    const noisy = await signUpTenant("noisy");
    const quiet = await signUpTenant("quiet");
    // The same app on the same DynamoDB Local and identity provider, with a small limit
    // (the shared stack's is set high so that suites never meet it). The refill is slow
    // enough that no token comes back during the flood, however slow the machine.
    const api = createApi({
      ...createDeps(crm().config),
      limiter: new TenantLimiter({ ratePerSecond: 0.01, burst: 10 }),
    });
    const me = (token: string) => api.request("/v1/me", { headers: { authorization: `Bearer ${token}` } });
    const flood = await Promise.all(Array.from({ length: 30 }, () => me(noisy.admin.token)));
    const refused = flood.filter((answer) => answer.status === 429);
    expect(flood.filter((answer) => answer.status === 200)).toHaveLength(10);
    expect(refused).toHaveLength(20);
    expect(refused[0]?.headers.get("retry-after")).toBe("100");
    expect(await refused[0]?.json()).toMatchObject({
      status: 429,
      code: "tenant-throttled",
    });
    expect((await me(quiet.admin.token)).status).toBe(200);
  });
});

import { createDeps } from "@crm/functions/deps";
import { loadDemoTenant } from "@crm/functions/embedded/demo";
import { describe, expect, it } from "vitest";
import { call, crm, login } from "../support/api.js";

describe("the demo tenant", () => {
  it("has a team who can sign in and customers with a year of purchases, made once", async () => {
    const deps = createDeps(crm().config);
    const first = await loadDemoTenant(deps);
    const second = await loadDemoTenant(deps);
    expect(second.created).toBe(false);
    const session = await login(first.adminEmail, first.password);
    const customers = await call("GET", "/v1/customers?limit=100", { token: session.accessToken });
    expect(customers.body.items).toHaveLength(30);
    const buyers = customers.body.items.filter(
      (customer: { purchases: { count: number } }) => customer.purchases.count > 0,
    );
    expect(buyers.length).toBeGreaterThan(20);
    expect(customers.body.items.some((customer: { kind: string }) => customer.kind === "company")).toBe(true);
    const rep = await login(first.repEmail, first.password);
    const mine = await call("GET", "/v1/customers?owner=me", { token: rep.accessToken });
    expect(mine.body.items.length).toBeGreaterThan(0);
  });
});

import { loadDemoTenant } from "@crm/embedded/demo";
import { createDeps } from "@crm/functions/deps";
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
    // Scored as it loads: every buyer has a score, and the run is there for the analytics.
    expect(buyers.every((customer: { score?: unknown }) => customer.score !== undefined)).toBe(true);
    const runs = await call("GET", "/v1/scoring/runs", { token: session.accessToken });
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({ status: "done", trigger: "manual" });
    const summary = await call("GET", "/v1/analytics/summary", { token: session.accessToken });
    expect(summary.body.summary.customers).toBe(buyers.length);
    const rep = await login(first.repEmail, first.password);
    const mine = await call("GET", "/v1/customers?owner=me", { token: rep.accessToken });
    expect(mine.body.items.length).toBeGreaterThan(0);
  });

  it("gives start --demo a login for each role, admin, manager and rep, that signs in as that role", async () => {
    const demo = await loadDemoTenant(createDeps(crm().config));
    expect(demo.logins.map((entry) => entry.role)).toEqual(["admin", "manager", "rep"]);
    for (const { role, email } of demo.logins) {
      const session = await login(email, demo.password);
      const me = await call("GET", "/v1/me", { token: session.accessToken });
      expect(me.body.user.role, email).toBe(role);
    }
  });
});

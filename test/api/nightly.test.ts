import { dispatchNightly } from "@crm/functions/jobs/dispatch";
import type { JobMessage } from "@crm/functions/jobs/messages";
import { runJob } from "@crm/functions/jobs/run-job";
import { createStore } from "@crm/functions/store";
import { describe, expect, it } from "vitest";
import { addMember, call, crm, signUpTenant } from "../support/api.js";

describe("the nightly jobs", () => {
  it("dispatch each tenant at 03:00 its own time and record its seats once per night", async () => {
    const shanghai = await signUpTenant("night-sh", { timeZone: "Asia/Shanghai" });
    const berlin = await signUpTenant("night-be", { timeZone: "Europe/Berlin" });
    await addMember(shanghai.admin.token, "rep");
    await call("POST", "/v1/users", {
      token: shanghai.admin.token,
      body: { email: `pending-${Date.now()}@example.com`, name: "Pending", role: "manager" },
    });
    // The same dispatcher and job code that run in AWS and in the local scheduler.
    const store = createStore(crm().config);
    const queued: JobMessage[] = [];
    const at = new Date("2026-11-22T19:00:00Z"); // 03:00 on the 23rd in Shanghai, 20:00 in Berlin
    await dispatchNightly(store, async (messages) => void queued.push(...messages), at);

    const mine = queued.filter((message) => [shanghai.tenantId, berlin.tenantId].includes(message.tenantId));
    expect(mine).toEqual([{ job: "nightly", tenantId: shanghai.tenantId, date: "2026-11-23" }]);
    for (const message of mine) await runJob(store, message, at);

    const seats = await call("GET", "/v1/tenant/seats", { token: shanghai.admin.token });
    expect(seats.status).toBe(200);
    expect(seats.body.items).toEqual([
      {
        date: "2026-11-23",
        takenAt: at.toISOString(),
        seats: { active: { admin: 1, manager: 0, rep: 1 }, invited: 1, deactivated: 0 },
      },
    ]);
    // A second delivery of the same night changes nothing.
    const again = await runJob(store, mine[0], new Date("2026-11-22T19:05:00Z"));
    expect(again).toMatchObject({ written: false });
    expect((await call("GET", "/v1/tenant/seats", { token: shanghai.admin.token })).body.items).toHaveLength(
      1,
    );
    expect((await call("GET", "/v1/tenant/seats", { token: berlin.admin.token })).body.items).toEqual([]);
  });

  it("follows a tenant that moves to another time zone", async () => {
    const tenant = await signUpTenant("night-move", { timeZone: "Asia/Shanghai" });
    const moved = await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: { "if-match": '"1"' },
      body: { timeZone: "America/New_York" },
    });
    expect(moved.status).toBe(200);
    const store = createStore(crm().config);
    const at = new Date("2026-11-23T08:00:00Z"); // 03:00 in New York
    const queued: JobMessage[] = [];
    await dispatchNightly(store, async (messages) => void queued.push(...messages), at);
    expect(queued.filter((message) => message.tenantId === tenant.tenantId)).toEqual([
      { job: "nightly", tenantId: tenant.tenantId, date: "2026-11-23" },
    ]);
  });

  it("refuses a malformed job message", async () => {
    const store = createStore(crm().config);
    await expect(runJob(store, { job: "nightly", tenantId: "../x", date: "yesterday" })).rejects.toThrow();
  });
});

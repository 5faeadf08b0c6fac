import { runJob } from "@crm/functions/jobs/run-job";
import { createStore } from "@crm/functions/store";
import { describe, expect, it } from "vitest";
import { addMember, call, crm, signUpTenant, uniqueEmail } from "../support/api.js";

const DAY = 86_400_000;

describe("deleting and erasing customers", () => {
  it("deletes softly: gone from every list, restorable, its email still held meanwhile, all of it audited", async () => {
    const { admin } = await signUpTenant("del-soft");
    const email = uniqueEmail("soft");
    const created = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "Soft", emails: [email], tags: ["vip"] },
    });
    const id = created.body.id;
    expect((await call("DELETE", `/v1/customers/${id}`, { token: admin.token })).status).toBe(204);
    expect((await call("GET", `/v1/customers/${id}`, { token: admin.token })).status).toBe(404);
    for (const list of ["", "tag=vip", "owner=me", "stage=prospect"]) {
      expect((await call("GET", `/v1/customers?${list}`, { token: admin.token })).body.items, list).toEqual(
        [],
      );
    }
    const deleted = await call("GET", "/v1/customers?deleted=true", { token: admin.token });
    expect(deleted.body.items).toEqual([expect.objectContaining({ id, deletedAt: expect.any(String) })]);
    const taken = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "Other", emails: [email] },
    });
    expect(taken.status).toBe(409);

    const restored = await call("POST", `/v1/customers/${id}/restore`, { token: admin.token });
    expect(restored.status).toBe(200);
    expect(
      (await call("GET", "/v1/customers?tag=vip", { token: admin.token })).body.items.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([id]);
    const history = await call("GET", `/v1/customers/${id}/history`, { token: admin.token });
    expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      "restored",
      "deleted",
      "created",
    ]);
    const audit = await call("GET", "/v1/audit", { token: admin.token });
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      "customer.restored",
      "customer.deleted",
    ]);
  });

  it("erases a customer and everything about them on a privacy request; only admins may", async () => {
    const { admin } = await signUpTenant("del-erase");
    const manager = await addMember(admin.token, "manager");
    const email = uniqueEmail("erase");
    const created = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "Erasable", emails: [email], phones: ["+1 415 555 0111"], tags: ["x"] },
    });
    const id = created.body.id;
    expect((await call("POST", `/v1/customers/${id}/erase`, { token: manager.token })).status).toBe(403);
    expect((await call("POST", `/v1/customers/${id}/erase`, { token: admin.token })).status).toBe(204);
    expect((await call("GET", `/v1/customers/${id}`, { token: admin.token })).status).toBe(404);
    expect((await call("GET", `/v1/customers/${id}/history`, { token: admin.token })).status).toBe(404);
    expect((await call("POST", `/v1/customers/${id}/restore`, { token: admin.token })).status).toBe(404);
    // Its email and phone are free again.
    const again = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "New holder", emails: [email], phones: ["4155550111"] },
    });
    expect(again.status).toBe(201);
    const audit = await call("GET", "/v1/audit", { token: admin.token });
    expect(audit.body.items[0]).toMatchObject({
      action: "customer.erased",
      customerId: id,
      byName: "del-erase Admin",
    });
    expect(JSON.stringify(audit.body)).not.toContain(email);
  });

  it("lets the nightly job erase customers deleted more than 30 days ago, and not sooner", async () => {
    const { admin, tenantId } = await signUpTenant("del-purge");
    const email = uniqueEmail("purge");
    const created = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "Old", emails: [email] },
    });
    await call("DELETE", `/v1/customers/${created.body.id}`, { token: admin.token });
    const store = createStore(crm().config);
    const soon = await runJob(
      store,
      { job: "nightly", tenantId, date: "2026-12-01" },
      new Date(Date.now() + 29 * DAY),
    );
    expect(soon).toMatchObject({ erased: 0 });
    const tenant = await store.forTenant(tenantId);
    await expect(
      tenant?.customers.restore(
        created.body.id,
        { id: "x", name: "x" },
        new Date(Date.now() + 31 * DAY).toISOString(),
      ),
    ).rejects.toMatchObject({ kind: "not-found" });
    const late = await runJob(
      store,
      { job: "nightly", tenantId, date: "2026-12-03" },
      new Date(Date.now() + 31 * DAY),
    );
    expect(late).toMatchObject({ erased: 1 });
    expect((await call("GET", "/v1/customers?deleted=true", { token: admin.token })).body.items).toEqual([]);
    const reuse = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "New", emails: [email] },
    });
    expect(reuse.status).toBe(201);
  });

  it("keeps reps out of the deleted list", async () => {
    const { admin } = await signUpTenant("del-rep");
    const rep = await addMember(admin.token, "rep");
    expect((await call("GET", "/v1/customers?deleted=true", { token: rep.token })).status).toBe(403);
  });
});

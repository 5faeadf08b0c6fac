import type { TenantData } from "@crm/data";
import { runJob } from "@crm/functions/jobs/run-job";
import { restoreCustomer } from "@crm/functions/services/restore-customer";
import { createStore } from "@crm/functions/store";
import { describe, expect, it } from "vitest";
import { addMember, call, crm, ifMatch, type Member, signUpTenant, uniqueEmail } from "../support/api.js";

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
      restoreCustomer(
        tenant as TenantData,
        { userId: "x", role: "admin" },
        created.body.id,
        { id: "x", name: "x" },
        new Date(Date.now() + 31 * DAY).toISOString(),
        "all",
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

  it("gives a rep a Deleted list of their own customers only, to restore them, and an undo of their own delete", async () => {
    const { admin } = await signUpTenant("del-rep");
    const [one, two] = [
      await addMember(admin.token, "rep", "one"),
      await addMember(admin.token, "rep", "two"),
    ];
    const settings = await call("GET", "/v1/tenant/settings", { token: admin.token });
    const own = async (repVisibility: "own" | "all", version: number) =>
      call("PATCH", "/v1/tenant/settings", {
        token: admin.token,
        headers: ifMatch(version),
        body: { repVisibility },
      });
    const afterOwn = await own("own", settings.body.version);
    const create = async (owner: Member, name: string) =>
      (
        await call("POST", "/v1/customers", {
          token: admin.token,
          body: { kind: "person", name, ownerId: owner.id, emails: [uniqueEmail("del-rep")] },
        })
      ).body.id as string;
    const mine = [await create(one, "Mine A"), await create(one, "Mine B"), await create(one, "Mine C")];
    const hidden = [await create(two, "Hidden A"), await create(two, "Hidden B")];
    // Rep One deletes one of theirs; the admin deletes another of theirs and both of Rep Two's.
    expect((await call("DELETE", `/v1/customers/${mine[0]}`, { token: one.token })).status).toBe(204);
    for (const id of [mine[1], ...hidden])
      expect((await call("DELETE", `/v1/customers/${id}`, { token: admin.token })).status).toBe(204);

    // Paged one at a time: only Rep One's, newest first, nothing of Rep Two's in any body or cursor.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        "GET",
        `/v1/customers?deleted=true&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token: one.token },
      );
      expect(page.status).toBe(200);
      const text = JSON.stringify(page.body).toLowerCase();
      for (const secret of ["hidden", ...hidden]) expect(text).not.toContain(secret.toLowerCase());
      seen.push(...page.body.items.map((customer: { id: string }) => customer.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([mine[1], mine[0]]);
    // A rep's cursor is theirs: the admin's list does not take it, nor Rep Two's.
    const first = await call("GET", "/v1/customers?deleted=true&limit=1", { token: one.token });
    for (const token of [admin.token, two.token]) {
      const replay = await call("GET", `/v1/customers?deleted=true&limit=1&cursor=${first.body.nextCursor}`, {
        token,
      });
      expect(replay.status).toBe(400);
    }
    // The admin sees every deleted customer.
    const all = await call("GET", "/v1/customers?deleted=true", { token: admin.token });
    expect(all.body.items.map((customer: { id: string }) => customer.id).sort()).toEqual(
      [...mine.slice(0, 2), ...hidden].sort(),
    );

    // Rep One restores their own, whoever deleted it; Rep Two's answers as one that does not exist.
    const restored = await call("POST", `/v1/customers/${mine[1]}/restore`, { token: one.token });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: mine[1], name: "Mine B" });
    const refused = await call("POST", `/v1/customers/${hidden[0]}/restore`, { token: one.token });
    const missing = await call("POST", "/v1/customers/no-such-id/restore", { token: one.token });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual(missing.body);
    expect(JSON.stringify(refused.body)).not.toContain("Hidden");
    expect((await call("POST", `/v1/customers/${mine[0]}/restore`, { token: one.token })).status).toBe(200);

    // Reps who see everyone: one may undo their own delete of a teammate's customer, not the admin's.
    await own("all", afterOwn.body.version);
    const teammates = await create(two, "Teammate's");
    expect((await call("DELETE", `/v1/customers/${teammates}`, { token: one.token })).status).toBe(204);
    expect((await call("POST", `/v1/customers/${teammates}/restore`, { token: one.token })).status).toBe(200);
    expect((await call("POST", `/v1/customers/${hidden[1]}/restore`, { token: one.token })).status).toBe(404);
    expect((await call("POST", `/v1/customers/${hidden[1]}/restore`, { token: two.token })).status).toBe(200);
  });
});

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, call, ifMatch, type Member, signUpTenant, type TestTenant } from "../support/api.js";

/**
 * Owners: a directory of names every role reads, reassignment of one
 * customer or many (recorded in history, owner-scoped lists following), and
 * the tenant setting that lets reps hand their own customers to a colleague.
 */
describe("owners", () => {
  let tenant: TestTenant;
  let other: TestTenant;
  let manager: Member;
  let one: Member;
  let two: Member;
  let leaverId: string;

  const create = async (owner: Member, name: string, extra: Record<string, unknown> = {}) => {
    const answer = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name, ownerId: owner.id, tags: ["owners-vip"], ...extra },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as { id: string; version: number; ownerId: string; name: string };
  };
  const read = (id: string, token = tenant.admin.token) => call("GET", `/v1/customers/${id}`, { token });
  const setting = async (patch: Record<string, unknown>) => {
    const current = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    const changed = await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: ifMatch(current.body.version),
      body: patch,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  };
  /** Every customer id a person gets from a list (all its pages). */
  const listed = async (member: Member, query = "") => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        "GET",
        `/v1/customers?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token: member.token },
      );
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      ids.push(...page.body.items.map((customer: { id: string }) => customer.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    return ids;
  };
  const reassign = (token: string, body: unknown, headers: Record<string, string> = {}) =>
    call("POST", "/v1/customers/reassign", { token, body, headers });

  beforeAll(async () => {
    tenant = await signUpTenant("owners", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    other = await signUpTenant("owners-other");
    manager = await addMember(tenant.admin.token, "manager");
    one = await addMember(tenant.admin.token, "rep", "owner-one");
    two = await addMember(tenant.admin.token, "rep", "owner-two");
    const leaver = await addMember(tenant.admin.token, "rep", "leaver");
    leaverId = leaver.id;
    const joined = await call("GET", `/v1/users/${leaverId}`, { token: tenant.admin.token });
    const off = await call("PATCH", `/v1/users/${leaverId}`, {
      token: tenant.admin.token,
      headers: ifMatch(joined.body.version),
      body: { active: false },
    });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
  });

  it("lets every role read the directory: names and whether active, no emails or roles, no other tenant's people", async () => {
    const answers = await Promise.all(
      [tenant.admin, manager, one].map((member) => call("GET", "/v1/directory", { token: member.token })),
    );
    for (const answer of answers) expect(answer.status).toBe(200);
    const [first, ...rest] = answers.map((answer) => answer.body);
    for (const body of rest) expect(body).toEqual(first);
    const items = first.items as Array<Record<string, unknown>>;
    expect(items.map((item) => item.id).sort()).toEqual(
      [tenant.admin.id, manager.id, one.id, two.id, leaverId].sort(),
    );
    for (const item of items) expect(Object.keys(item).sort()).toEqual(["active", "id", "name"]);
    expect(items.find((item) => item.id === one.id)).toEqual({
      id: one.id,
      name: "owner-one person",
      active: true,
    });
    expect(items.find((item) => item.id === leaverId)?.active).toBe(false);
    const text = JSON.stringify(first);
    for (const secret of [one.email, tenant.admin.email, other.admin.id, other.admin.email, "owners-other"]) {
      expect(text).not.toContain(secret);
    }
    const theirs = await call("GET", "/v1/directory", { token: other.admin.token });
    expect(theirs.body.items.map((item: { id: string }) => item.id)).toEqual([other.admin.id]);
  });

  it("reassigns one customer: history records it, and each rep's own lists follow the owner", async () => {
    await setting({ repVisibility: "own", repsMayHandOver: false });
    const customer = await create(one, "Owners Solo");
    const moved = await call("PATCH", `/v1/customers/${customer.id}`, {
      token: manager.token,
      headers: ifMatch(customer.version),
      body: { ownerId: two.id },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ ownerId: two.id, version: customer.version + 1 });
    const history = await call("GET", `/v1/customers/${customer.id}/history`, { token: tenant.admin.token });
    expect(history.body.items[0]).toMatchObject({
      by: manager.id,
      action: "updated",
      changes: [{ field: "ownerId", from: one.id, to: two.id }],
    });
    // Rep One lost it: no list of theirs holds it, and it answers as missing.
    for (const query of ["", "&owner=me", "&q=owners", "&tag=owners-vip", "&stage=prospect"]) {
      expect(await listed(one, query), query).not.toContain(customer.id);
      expect(await listed(two, query), query).toContain(customer.id);
    }
    expect((await read(customer.id, one.token)).status).toBe(404);
    expect((await read(customer.id, two.token)).status).toBe(200);
  });

  it("reassigns many at once, each against its version, answering for each; a retry changes nothing more", async () => {
    await setting({ repVisibility: "own" });
    const ofOne = [
      await create(one, "Owners Bulk A"),
      await create(one, "Owners Bulk B"),
      await create(one, "Owners Bulk C"),
    ];
    const already = await create(two, "Owners Bulk Had");
    const stale = await create(one, "Owners Bulk Stale");
    const edited = await call("PATCH", `/v1/customers/${stale.id}`, {
      token: one.token,
      headers: ifMatch(stale.version),
      body: { source: "fair" },
    });
    expect(edited.status).toBe(200);
    const foreign = await call("POST", "/v1/customers", {
      token: other.admin.token,
      body: { kind: "person", name: "Not yours" },
    });
    const missing = randomUUID();
    const body = {
      ownerId: two.id,
      customers: [...ofOne, already, stale, foreign.body, { id: missing, version: 1 }].map(
        ({ id, version }) => ({
          id,
          version,
        }),
      ),
    };
    const key = { "idempotency-key": randomUUID() };
    const answer = await reassign(tenant.admin.token, body, key);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({
      ownerId: two.id,
      results: [
        ...ofOne.map(({ id, version }) => ({ id, outcome: "reassigned", version: version + 1 })),
        { id: already.id, outcome: "unchanged", version: already.version },
        {
          id: stale.id,
          outcome: "failed",
          status: 412,
          code: "version-stale",
          currentVersion: stale.version + 1,
        },
        { id: foreign.body.id, outcome: "failed", status: 404, code: "customer-not-found" },
        { id: missing, outcome: "failed", status: 404, code: "customer-not-found" },
      ],
    });
    // The stale one kept its owner; the other tenant's customer is untouched.
    expect((await read(stale.id)).body.ownerId).toBe(one.id);
    expect(
      (await call("GET", `/v1/customers/${foreign.body.id}`, { token: other.admin.token })).body,
    ).toEqual(foreign.body);
    for (const { id } of ofOne) {
      const history = await call("GET", `/v1/customers/${id}/history`, { token: tenant.admin.token });
      expect(history.body.items).toHaveLength(2);
      expect(history.body.items[0]).toMatchObject({
        by: tenant.admin.id,
        action: "updated",
        changes: [{ field: "ownerId", from: one.id, to: two.id }],
      });
    }
    const oneSees = await listed(one);
    const twoSees = await listed(two);
    for (const { id } of ofOne) {
      expect(oneSees).not.toContain(id);
      expect(twoSees).toContain(id);
      expect(await listed(two, "&q=owners")).toContain(id);
    }
    expect(oneSees).toContain(stale.id);
    // The same request again under its key: the same answer, replayed.
    const replay = await reassign(tenant.admin.token, body, key);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(answer.body);
    // Again without a key (its answer lost): those moved answer unchanged, and no history is added.
    const again = await reassign(tenant.admin.token, body);
    expect(again.body.results.slice(0, 3)).toEqual(
      ofOne.map(({ id, version }) => ({ id, outcome: "unchanged", version: version + 1 })),
    );
    const history = await call("GET", `/v1/customers/${ofOne[0]?.id}/history`, { token: tenant.admin.token });
    expect(history.body.items).toHaveLength(2);
  });

  it("keeps hand-overs off for a new company, and takes only yes or no for them", async () => {
    const fresh = await signUpTenant("owners-setting");
    const read = await call("GET", "/v1/tenant/settings", { token: fresh.admin.token });
    expect(read.body.repsMayHandOver).toBe(false);
    const bad = await call("PATCH", "/v1/tenant/settings", {
      token: fresh.admin.token,
      headers: ifMatch(read.body.version),
      body: { repsMayHandOver: "yes" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(["repsMayHandOver"]);
  });

  it("refuses reps every hand-over with a code while the setting is off, and changes nothing", async () => {
    await setting({ repVisibility: "all", repsMayHandOver: false });
    const customer = await create(one, "Owners Kept");
    const patch = await call("PATCH", `/v1/customers/${customer.id}`, {
      token: one.token,
      headers: ifMatch(customer.version),
      body: { ownerId: two.id },
    });
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe("reps-may-not-hand-over");
    const bulk = await reassign(one.token, { ownerId: two.id, customers: [{ id: customer.id, version: 1 }] });
    expect(bulk.status).toBe(403);
    expect(bulk.body.code).toBe("reps-may-not-hand-over");
    expect((await read(customer.id)).body).toMatchObject({ ownerId: one.id, version: customer.version });
    // Managers reassign whatever the setting says.
    const byManager = await reassign(manager.token, {
      ownerId: two.id,
      customers: [{ id: customer.id, version: 1 }],
    });
    expect(byManager.body.results).toEqual([{ id: customer.id, outcome: "reassigned", version: 2 }]);
  });

  it("lets a rep hand their own customer to a colleague once allowed, never someone else's", async () => {
    await setting({ repVisibility: "all", repsMayHandOver: true });
    const mine = await create(one, "Owners Handed");
    const theirs = await create(two, "Owners Theirs");
    const handed = await call("PATCH", `/v1/customers/${mine.id}`, {
      token: one.token,
      headers: ifMatch(mine.version),
      body: { ownerId: two.id },
    });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    expect(handed.body.ownerId).toBe(two.id);
    // Another's customer: neither moved on, nor taken.
    for (const ownerId of [manager.id, one.id]) {
      const refused = await call("PATCH", `/v1/customers/${theirs.id}`, {
        token: one.token,
        headers: ifMatch(theirs.version),
        body: { ownerId },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("reps-hand-over-own-customers");
    }
    const mineToo = await create(one, "Owners Handed Too");
    const bulk = await reassign(one.token, {
      ownerId: manager.id,
      customers: [mineToo, theirs].map(({ id, version }) => ({ id, version })),
    });
    expect(bulk.body.results).toEqual([
      { id: mineToo.id, outcome: "reassigned", version: mineToo.version + 1 },
      { id: theirs.id, outcome: "failed", status: 403, code: "reps-hand-over-own-customers" },
    ]);
    // Where reps see only their own, someone else's customer does not exist for them.
    await setting({ repVisibility: "own" });
    const hidden = await reassign(one.token, {
      ownerId: one.id,
      customers: [{ id: theirs.id, version: theirs.version }],
    });
    expect(hidden.body.results).toEqual([
      { id: theirs.id, outcome: "failed", status: 404, code: "customer-not-found" },
    ]);
    expect((await read(theirs.id)).body).toMatchObject({ ownerId: two.id, version: theirs.version });
    await setting({ repVisibility: "all", repsMayHandOver: false });
  });

  it("refuses a bad request with 400 listing every problem, and writes nothing", async () => {
    const customer = await create(one, "Owners Untouched");
    const entries = (count: number) => Array.from({ length: count }, () => ({ id: customer.id, version: 1 }));
    const cases: Array<[unknown, string[]]> = [
      [
        { ownerId: "", customers: [{ id: customer.id }], extra: 1 },
        ["ownerId", "customers.0.version", "extra"],
      ],
      [{ ownerId: two.id, customers: [] }, ["customers"]],
      [
        { ownerId: two.id, customers: Array.from({ length: 101 }, () => ({ id: randomUUID(), version: 1 })) },
        ["customers"],
      ],
      [{ ownerId: two.id, customers: entries(2) }, ["customers.1.id"]],
      [{ ownerId: leaverId, customers: entries(1) }, ["ownerId"]],
      [{ ownerId: other.admin.id, customers: entries(1) }, ["ownerId"]],
    ];
    for (const [body, paths] of cases) {
      const answer = await reassign(tenant.admin.token, body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(answer.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(
        [...paths].sort(),
      );
    }
    // A deactivated person or another tenant's cannot be named owner one at a time either.
    for (const ownerId of [leaverId, other.admin.id]) {
      const patch = await call("PATCH", `/v1/customers/${customer.id}`, {
        token: tenant.admin.token,
        headers: ifMatch(customer.version),
        body: { ownerId },
      });
      expect(patch.status).toBe(400);
      expect(patch.body.errors).toEqual([
        expect.objectContaining({ path: "ownerId", code: "owner-not-active" }),
      ]);
    }
    expect((await read(customer.id)).body).toMatchObject({ ownerId: one.id, version: customer.version });
    const history = await call("GET", `/v1/customers/${customer.id}/history`, { token: tenant.admin.token });
    expect(history.body.items).toHaveLength(1);
  });
});

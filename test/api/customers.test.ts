import { describe, expect, it } from "vitest";
import { addMember, call, ifMatch, signUpTenant, uniqueEmail } from "../support/api.js";

const person = (name: string, extra: Record<string, unknown> = {}) => ({ kind: "person", name, ...extra });

describe("customers", () => {
  it("creates a customer with phones in E.164 by the tenant's region, owned by its creator", async () => {
    const { admin } = await signUpTenant("cust-create", { locale: "zh-CN" });
    const email = uniqueEmail("zhang");
    const created = await call("POST", "/v1/customers", {
      token: admin.token,
      body: person("张伟", {
        emails: [email.toUpperCase()],
        phones: ["138 1234 5678"],
        tags: ["vip", "vip"],
      }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe('"1"');
    expect(created.body).toMatchObject({
      name: "张伟",
      emails: [email],
      phones: ["+8613812345678"],
      tags: ["vip"],
      ownerId: admin.id,
      type: "consumer",
      lifecycleStage: "prospect",
      version: 1,
    });
    const read = await call("GET", `/v1/customers/${created.body.id}`, { token: admin.token });
    expect(read.body).toEqual(created.body);
  });

  it("refuses an email or phone another customer holds with 409 and that customer's id, and writes nothing", async () => {
    const { admin } = await signUpTenant("cust-unique", { locale: "zh-CN" });
    const email = uniqueEmail("taken");
    const first = await call("POST", "/v1/customers", {
      token: admin.token,
      body: person("First", { emails: [email], phones: ["13900000001"] }),
    });
    const sameEmail = await call("POST", "/v1/customers", {
      token: admin.token,
      body: person("Second", { emails: [email] }),
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body).toMatchObject({
      existingId: first.body.id,
      code: "email-of-other-customer",
      fields: ["emails.0"],
    });
    const samePhone = await call("POST", "/v1/customers", {
      token: admin.token,
      body: person("Third", { phones: ["+86 139 0000 0001"] }),
    });
    expect(samePhone.status).toBe(409);
    expect(samePhone.body.existingId).toBe(first.body.id);
    const list = await call("GET", "/v1/customers", { token: admin.token });
    expect(list.body.items.map((customer: { name: string }) => customer.name)).toEqual(["First"]);
  });

  it("lets exactly one of two simultaneous customers take the same email", async () => {
    const { admin } = await signUpTenant("cust-race");
    const email = uniqueEmail("race");
    const answers = await Promise.all(
      ["A", "B", "C"].map((name) =>
        call("POST", "/v1/customers", { token: admin.token, body: person(name, { emails: [email] }) }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
  });

  it("lists every problem of a bad customer and writes nothing", async () => {
    const { admin } = await signUpTenant("cust-bad");
    const answer = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "robot", name: "", emails: ["nope"], lifecycleStage: "zombie" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(
      ["emails.0", "kind", "lifecycleStage", "name"].sort(),
    );
    const phones = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "company", name: "Acme", birthday: "2001-01-01", phones: ["12", "+1 415 555 0100"] },
    });
    expect(phones.body.errors).toEqual([
      expect.objectContaining({ path: "birthday", code: "not-accepted" }),
      expect.objectContaining({ path: "phones.0", code: "phone-invalid" }),
    ]);
    expect((await call("GET", "/v1/customers", { token: admin.token })).body.items).toEqual([]);
  });

  it("edits against a version: stale 412, parallel edits lose nothing, released emails free for others", async () => {
    const { admin } = await signUpTenant("cust-edit");
    const email = uniqueEmail("move");
    const a = await call("POST", "/v1/customers", {
      token: admin.token,
      body: person("Alice", { emails: [email] }),
    });
    const none = await call("PATCH", `/v1/customers/${a.body.id}`, {
      token: admin.token,
      body: { name: "Al" },
    });
    expect(none.status).toBe(428);
    const [one, two] = await Promise.all([
      call("PATCH", `/v1/customers/${a.body.id}`, {
        token: admin.token,
        headers: ifMatch(1),
        body: { source: "fair" },
      }),
      call("PATCH", `/v1/customers/${a.body.id}`, {
        token: admin.token,
        headers: ifMatch(1),
        body: { tags: ["gold"] },
      }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 412]);
    const loser = one.status === 412 ? { source: "fair" } : { tags: ["gold"] };
    const current = (one.status === 412 ? one : two).body.currentVersion;
    const retried = await call("PATCH", `/v1/customers/${a.body.id}`, {
      token: admin.token,
      headers: ifMatch(current),
      body: loser,
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ source: "fair", tags: ["gold"], version: 3 });

    const released = await call("PATCH", `/v1/customers/${a.body.id}`, {
      token: admin.token,
      headers: ifMatch(3),
      body: { emails: [], source: null },
    });
    expect(released.status).toBe(200);
    expect(released.body.source).toBeUndefined();
    expect(released.body.emails).toEqual([]);
    const b = await call("POST", "/v1/customers", {
      token: admin.token,
      body: person("Bob", { emails: [email] }),
    });
    expect(b.status).toBe(201);
  });

  it("finds customers by name prefix regardless of case and width, and pages with cursors", async () => {
    const { admin } = await signUpTenant("cust-search");
    for (const name of ["Acme Trading", "acme labs", "Apex", "张伟", "张三", "Zeta"]) {
      await call("POST", "/v1/customers", { token: admin.token, body: { kind: "company", name } });
    }
    const names = async (q: string) =>
      (await call("GET", `/v1/customers?q=${encodeURIComponent(q)}`, { token: admin.token })).body.items.map(
        (customer: { name: string }) => customer.name,
      );
    expect(await names("ＡＣＭＥ")).toEqual(["acme labs", "Acme Trading"]);
    expect(await names("张")).toEqual(["张三", "张伟"]);
    expect(await names("nothing")).toEqual([]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call("GET", `/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ""}`, {
        token: admin.token,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((customer: { name: string }) => customer.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);

    const bad = await call("GET", "/v1/customers?cursor=bm9wZQ", { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("cursor");
  });

  it("finds a Chinese name by pinyin or initials and a Western one by a later word, and forgets an old name", async () => {
    const { admin } = await signUpTenant("cust-pinyin", { locale: "zh-CN" });
    const zhang = await call("POST", "/v1/customers", { token: admin.token, body: person("张伟") });
    await call("POST", "/v1/customers", { token: admin.token, body: person("Wei Zhang") });
    await call("POST", "/v1/customers", { token: admin.token, body: person("赵敏") });
    const names = async (q: string) =>
      (await call("GET", `/v1/customers?q=${encodeURIComponent(q)}`, { token: admin.token })).body.items.map(
        (customer: { name: string }) => customer.name,
      );
    expect((await names("zhang")).sort()).toEqual(["Wei Zhang", "张伟"]);
    expect(await names("zw")).toEqual(["张伟"]);
    expect(await names("Zhang Wei")).toEqual(["张伟"]);
    expect(await names("zm")).toEqual(["赵敏"]);
    await call("PATCH", `/v1/customers/${zhang.body.id}`, {
      token: admin.token,
      headers: ifMatch(1),
      body: { name: "李娜" },
    });
    expect(await names("zw")).toEqual([]);
    expect(await names("lina")).toEqual(["李娜"]);
  });

  it("looks customers up by exact email and by phone in any format", async () => {
    const { admin } = await signUpTenant("cust-lookup");
    const email = uniqueEmail("look");
    const created = await call("POST", "/v1/customers", {
      token: admin.token,
      body: person("Lookup", { emails: [email], phones: ["+1 (415) 555-0199"] }),
    });
    const byEmail = await call("GET", `/v1/customers?email=${encodeURIComponent(email.toUpperCase())}`, {
      token: admin.token,
    });
    expect(byEmail.body.items.map((customer: { id: string }) => customer.id)).toEqual([created.body.id]);
    const byPhone = await call("GET", `/v1/customers?phone=${encodeURIComponent("415-555-0199")}`, {
      token: admin.token,
    });
    expect(byPhone.body.items.map((customer: { id: string }) => customer.id)).toEqual([created.body.id]);
  });

  it("records who changed which field from what to what", async () => {
    const { admin } = await signUpTenant("cust-history");
    const created = await call("POST", "/v1/customers", { token: admin.token, body: person("Hist") });
    await call("PATCH", `/v1/customers/${created.body.id}`, {
      token: admin.token,
      headers: ifMatch(1),
      body: { lifecycleStage: "new", tags: ["fair-2026"] },
    });
    const history = await call("GET", `/v1/customers/${created.body.id}/history`, { token: admin.token });
    expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      "updated",
      "created",
    ]);
    expect(history.body.items[0]).toMatchObject({
      by: admin.id,
      byName: "cust-history Admin",
      changes: [
        { field: "tags", from: [], to: ["fair-2026"] },
        { field: "lifecycleStage", from: "prospect", to: "new" },
      ],
    });
  });

  it("shows reps only their own customers when the tenant says so, and keeps them from giving customers away", async () => {
    const { admin } = await signUpTenant("cust-reps");
    const rep = await addMember(admin.token, "rep");
    const mine = await call("POST", "/v1/customers", {
      token: rep.token,
      body: person("Mine", { tags: ["shared"] }),
    });
    expect(mine.body.ownerId).toBe(rep.id);
    const theirs = await call("POST", "/v1/customers", {
      token: admin.token,
      body: person("Theirs", { tags: ["shared"] }),
    });
    const giveAway = await call("POST", "/v1/customers", {
      token: rep.token,
      body: person("Gift", { ownerId: admin.id }),
    });
    expect(giveAway.status).toBe(403);

    expect((await call("GET", `/v1/customers/${theirs.body.id}`, { token: rep.token })).status).toBe(200);
    await call("PATCH", "/v1/tenant/settings", {
      token: admin.token,
      headers: ifMatch(1),
      body: { repVisibility: "own" },
    });
    expect((await call("GET", `/v1/customers/${theirs.body.id}`, { token: rep.token })).status).toBe(404);
    const list = await call("GET", "/v1/customers", { token: rep.token });
    expect(list.body.items.map((customer: { name: string }) => customer.name)).toEqual(["Mine"]);
    // Every listing keeps to their own: by name search and by tag too.
    for (const query of ["q=m", "q=t", "tag=shared", "stage=prospect"]) {
      const found = await call("GET", `/v1/customers?${query}`, { token: rep.token });
      expect(found.body.items.map((customer: { name: string }) => customer.name)).toEqual(
        query === "q=t" ? [] : ["Mine"],
      );
    }
    expect((await call("GET", "/v1/customers", { token: admin.token })).body.items).toHaveLength(2);
  });

  it("lists my customers by most recent activity, and by lifecycle stage or tag by name", async () => {
    const { admin } = await signUpTenant("cust-patterns");
    const manager = await addMember(admin.token, "manager");
    const make = async (token: string, name: string, extra: Record<string, unknown> = {}) =>
      (await call("POST", "/v1/customers", { token, body: person(name, extra) })).body;
    const anna = await make(admin.token, "Anna", { lifecycleStage: "new", tags: ["vip"] });
    await make(admin.token, "Bert", { lifecycleStage: "new" });
    await make(admin.token, "Cleo", { lifecycleStage: "mature", tags: ["vip", "fair"] });
    await make(manager.token, "Dora", { tags: ["vip"] });
    const names = async (query: string, token = admin.token) =>
      (await call("GET", `/v1/customers?${query}`, { token })).body.items.map(
        (customer: { name: string }) => customer.name,
      );

    expect(await names("owner=me")).toEqual(["Cleo", "Bert", "Anna"]);
    await call("PATCH", `/v1/customers/${anna.id}`, {
      token: admin.token,
      headers: ifMatch(1),
      body: { source: "call" },
    });
    expect(await names("owner=me")).toEqual(["Anna", "Cleo", "Bert"]);
    expect(await names(`owner=${manager.id}`)).toEqual(["Dora"]);
    expect(await names("owner=me&q=b")).toEqual(["Bert"]);

    expect(await names("stage=new")).toEqual(["Anna", "Bert"]);
    expect(await names("stage=new&q=BE")).toEqual(["Bert"]);
    expect(await names("stage=churned")).toEqual([]);

    expect(await names("tag=vip")).toEqual(["Anna", "Cleo", "Dora"]);
    expect(await names("tag=fair")).toEqual(["Cleo"]);
    // Renaming moves the customer in its tags' lists; untagging takes it out.
    await call("PATCH", `/v1/customers/${anna.id}`, {
      token: admin.token,
      headers: ifMatch(2),
      body: { name: "Zoe" },
    });
    expect(await names("tag=vip")).toEqual(["Cleo", "Dora", "Zoe"]);
    await call("PATCH", `/v1/customers/${anna.id}`, {
      token: admin.token,
      headers: ifMatch(3),
      body: { tags: [] },
    });
    expect(await names("tag=vip")).toEqual(["Cleo", "Dora"]);

    const both = await call("GET", "/v1/customers?stage=new&tag=vip", { token: admin.token });
    expect(both.status).toBe(400);
    expect(both.body.errors.map((error: { path: string }) => error.path)).toEqual(["stage", "tag"]);
  });

  it("refuses a cursor of one list used on another", async () => {
    const { admin } = await signUpTenant("cust-cursors");
    for (const name of ["A1", "A2", "A3"])
      await call("POST", "/v1/customers", { token: admin.token, body: person(name) });
    const byStage = await call("GET", "/v1/customers?stage=prospect&limit=1", { token: admin.token });
    expect(byStage.body.nextCursor).toEqual(expect.any(String));
    const next = await call("GET", `/v1/customers?stage=prospect&limit=1&cursor=${byStage.body.nextCursor}`, {
      token: admin.token,
    });
    expect(next.status).toBe(200);
    const misused = await call("GET", `/v1/customers?limit=1&cursor=${byStage.body.nextCursor}`, {
      token: admin.token,
    });
    expect(misused.status).toBe(400);
  });
});

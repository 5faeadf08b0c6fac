import { describe, expect, it } from "vitest";
import { addMember, call, ifMatch, purchase, signUpTenant, uniqueEmail } from "../support/api.js";

describe("merging customers", () => {
  it("moves the duplicate's contacts, transactions, emails, phones and tags to the survivor, once", async () => {
    const { admin } = await signUpTenant("merge", { locale: "zh-CN" });
    const [emailA, emailB] = [uniqueEmail("keep"), uniqueEmail("dup")];
    const create = async (body: Record<string, unknown>) =>
      (await call("POST", "/v1/customers", { token: admin.token, body })).body;
    const survivor = await create({ kind: "company", name: "星河贸易", emails: [emailA], tags: ["vip"] });
    const duplicate = await create({
      kind: "company",
      name: "星河贸易有限公司",
      emails: [emailB],
      phones: ["13800000042"],
      tags: ["wechat", "vip"],
      industry: "Retail",
    });
    const record = (id: string, body: Record<string, unknown>) =>
      call("POST", `/v1/customers/${id}/transactions`, { token: admin.token, body });
    await record(survivor.id, purchase(5_000, "2026-02-01T00:00:00Z"));
    await record(duplicate.id, purchase(3_000, "2026-01-01T00:00:00Z", { externalRef: "pos-9" }));
    await record(duplicate.id, purchase(2_000, "2026-03-01T00:00:00Z"));
    await call("POST", `/v1/customers/${duplicate.id}/contacts`, {
      token: admin.token,
      body: { name: "李娜", primary: true },
    });

    const merged = await call("POST", `/v1/customers/${survivor.id}/merge`, {
      token: admin.token,
      body: { duplicateId: duplicate.id },
    });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      id: survivor.id,
      name: "星河贸易",
      emails: [emailA, emailB],
      phones: ["+8613800000042"],
      tags: ["vip", "wechat"],
      industry: "Retail",
      version: 2,
      purchases: {
        count: 3,
        netAmount: 10_000,
        averageAmount: 3_333,
        firstAt: "2026-01-01T00:00:00.000Z",
        lastAt: "2026-03-01T00:00:00.000Z",
      },
    });

    const gone = await call("GET", `/v1/customers/${duplicate.id}`, { token: admin.token });
    expect(gone.status).toBe(410);
    expect(gone.body.mergedInto).toBe(survivor.id);
    expect((await record(duplicate.id, purchase(1, "2026-04-01T00:00:00Z"))).status).toBe(410);
    const byEmail = await call("GET", `/v1/customers?email=${encodeURIComponent(emailB)}`, {
      token: admin.token,
    });
    expect(byEmail.body.items.map((customer: { id: string }) => customer.id)).toEqual([survivor.id]);
    const listed = await call("GET", "/v1/customers", { token: admin.token });
    expect(listed.body.items.map((customer: { id: string }) => customer.id)).toEqual([survivor.id]);
    expect((await call("GET", "/v1/customers?q=xhmy", { token: admin.token })).body.items).toHaveLength(1);
    expect((await call("GET", "/v1/customers?tag=wechat", { token: admin.token })).body.items).toHaveLength(
      1,
    );

    const transactions = await call("GET", `/v1/customers/${survivor.id}/transactions`, {
      token: admin.token,
    });
    expect(transactions.body.items).toHaveLength(3);
    // Its external reference moved with it: recording it again on the survivor is a replay.
    const again = await record(
      survivor.id,
      purchase(3_000, "2026-01-01T00:00:00Z", { externalRef: "pos-9" }),
    );
    expect(again.status).toBe(200);
    const contacts = await call("GET", `/v1/customers/${survivor.id}/contacts`, { token: admin.token });
    expect(contacts.body.items.map((contact: { name: string }) => contact.name)).toEqual(["李娜"]);
    const history = await call("GET", `/v1/customers/${survivor.id}/history`, { token: admin.token });
    expect(history.body.items[0]).toMatchObject({
      action: "merged",
      mergedFrom: { id: duplicate.id, name: "星河贸易有限公司" },
    });

    const twice = await call("POST", `/v1/customers/${survivor.id}/merge`, {
      token: admin.token,
      body: { duplicateId: duplicate.id },
    });
    expect(twice.status).toBe(200);
    expect(twice.body.version).toBe(2);
    expect(twice.body.purchases.count).toBe(3);
  });

  it("counts every transaction recorded on the survivor while merging", async () => {
    const { admin } = await signUpTenant("merge-race", { locale: "zh-CN" });
    const create = async (name: string) =>
      (await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name } })).body;
    const [survivor, duplicate] = [await create("Ann Lee"), await create("Ann Lee (old)")];
    for (let day = 1; day <= 4; day++) {
      await call("POST", `/v1/customers/${duplicate.id}/transactions`, {
        token: admin.token,
        body: purchase(100, `2026-01-0${day}T00:00:00Z`),
      });
    }
    const [merged, ...recorded] = await Promise.all([
      call("POST", `/v1/customers/${survivor.id}/merge`, {
        token: admin.token,
        body: { duplicateId: duplicate.id },
      }),
      ...[1, 2, 3, 4, 5].map((day) =>
        call("POST", `/v1/customers/${survivor.id}/transactions`, {
          token: admin.token,
          body: purchase(1_000, `2026-02-0${day}T00:00:00Z`),
        }),
      ),
    ]);
    expect(merged.status).toBe(200);
    expect(recorded.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    const read = await call("GET", `/v1/customers/${survivor.id}`, { token: admin.token });
    expect(read.body.purchases).toMatchObject({ count: 9, netAmount: 5_400 });
  });

  it("refuses a merge across currencies, into itself, or of customers a rep does not own", async () => {
    const { admin } = await signUpTenant("merge-refusals");
    const rep = await addMember(admin.token, "rep");
    const create = async (token: string, name: string) =>
      (await call("POST", "/v1/customers", { token, body: { kind: "person", name } })).body;
    const usd = await create(admin.token, "Dollar");
    await call("PATCH", "/v1/tenant/settings", {
      token: admin.token,
      headers: ifMatch(1),
      body: { currency: "CNY" },
    });
    const cny = await create(admin.token, "Yuan");
    await call("POST", `/v1/customers/${usd.id}/transactions`, {
      token: admin.token,
      body: { ...purchase(100, "2026-01-01T00:00:00Z"), currency: "USD" },
    });
    await call("POST", `/v1/customers/${cny.id}/transactions`, {
      token: admin.token,
      body: purchase(100, "2026-01-01T00:00:00Z"),
    });
    const currencies = await call("POST", `/v1/customers/${usd.id}/merge`, {
      token: admin.token,
      body: { duplicateId: cny.id },
    });
    expect(currencies.status).toBe(409);
    expect((await call("GET", `/v1/customers/${cny.id}`, { token: admin.token })).status).toBe(200);
    const itself = await call("POST", `/v1/customers/${usd.id}/merge`, {
      token: admin.token,
      body: { duplicateId: usd.id },
    });
    expect(itself.status).toBe(400);
    const mine = await create(rep.token, "Mine");
    const notMine = await call("POST", `/v1/customers/${mine.id}/merge`, {
      token: rep.token,
      body: { duplicateId: cny.id },
    });
    expect(notMine.status).toBe(403);
    expect((await call("GET", `/v1/customers/${cny.id}`, { token: admin.token })).status).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import { call, ifMatch, purchase, signUpTenant } from "../support/api.js";

describe("transactions", () => {
  it("keep the customer's purchase aggregates current and list the latest first", async () => {
    const { admin } = await signUpTenant("txn", { locale: "zh-CN" });
    const customer = (
      await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name: "Buyer" } })
    ).body;
    expect(customer.purchases).toEqual({ count: 0, netAmount: 0, averageAmount: 0, currency: "CNY" });
    const record = (body: Record<string, unknown>) =>
      call("POST", `/v1/customers/${customer.id}/transactions`, { token: admin.token, body });
    expect((await record(purchase(12_000, "2026-03-01T10:00:00+08:00"))).status).toBe(201);
    expect((await record(purchase(8_001, "2026-01-10T09:00:00Z", { channel: "store" }))).status).toBe(201);
    const refund = await record({ ...purchase(2_000, "2026-04-02T00:00:00Z"), kind: "refund" });
    expect(refund.body.purchases).toEqual({
      currency: "CNY",
      count: 2,
      netAmount: 18_001,
      averageAmount: 9_001,
      firstAt: "2026-01-10T09:00:00.000Z",
      lastAt: "2026-03-01T02:00:00.000Z",
      // Purchase days and months are the company's (Shanghai): what the nightly scoring reads.
      days: 2,
      firstDay: "2026-01-10",
      lastDay: "2026-03-01",
      firstDayAmount: 8_001,
      grossAmount: 20_001,
      months: { "2026-01": 8_001, "2026-03": 12_000, "2026-04": -2_000 },
    });
    const read = await call("GET", `/v1/customers/${customer.id}`, { token: admin.token });
    expect(read.body.purchases).toEqual(refund.body.purchases);
    // Transactions do not move the version people edit against.
    expect(read.body.version).toBe(1);
    const list = await call("GET", `/v1/customers/${customer.id}/transactions`, { token: admin.token });
    expect(list.body.items.map((t: { occurredAt: string; kind: string }) => [t.occurredAt, t.kind])).toEqual([
      ["2026-04-02T00:00:00.000Z", "refund"],
      ["2026-03-01T02:00:00.000Z", "purchase"],
      ["2026-01-10T09:00:00.000Z", "purchase"],
    ]);
  });

  it("record an external reference once: the second time changes nothing", async () => {
    const { admin } = await signUpTenant("txn-ref", { locale: "zh-CN" });
    const a = (
      await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name: "A" } })
    ).body;
    const b = (
      await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name: "B" } })
    ).body;
    const body = purchase(5_000, "2026-02-01T00:00:00Z", { externalRef: "ORDER-1001" });
    const first = await call("POST", `/v1/customers/${a.id}/transactions`, { token: admin.token, body });
    const again = await call("POST", `/v1/customers/${a.id}/transactions`, { token: admin.token, body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.transaction.id).toBe(first.body.transaction.id);
    expect(again.body.purchases.count).toBe(1);
    const elsewhere = await call("POST", `/v1/customers/${b.id}/transactions`, { token: admin.token, body });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.existingId).toBe(a.id);
  });

  it("count every one of many simultaneous transactions, beside a simultaneous edit", async () => {
    const { admin } = await signUpTenant("txn-race", { locale: "zh-CN" });
    const customer = (
      await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name: "Busy" } })
    ).body;
    const answers = await Promise.all([
      // More at once than a writer once had tries: each round one of them wins.
      ...Array.from({ length: 20 }, (_, index) =>
        call("POST", `/v1/customers/${customer.id}/transactions`, {
          token: admin.token,
          body: purchase(100 + index, `2026-05-0${(index % 9) + 1}T00:00:00Z`),
        }),
      ),
      call("PATCH", `/v1/customers/${customer.id}`, {
        token: admin.token,
        headers: ifMatch(1),
        body: { tags: ["busy"] },
      }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([...Array(20).fill(201), 200].sort());
    const read = await call("GET", `/v1/customers/${customer.id}`, { token: admin.token });
    expect(read.body.purchases).toMatchObject({ count: 20, netAmount: 2_190 });
    expect(read.body.tags).toEqual(["busy"]);
  });

  it("refuse money in another currency, fractions of a minor unit, and a bad time, listing each", async () => {
    const { admin } = await signUpTenant("txn-bad", { locale: "zh-CN" });
    const customer = (
      await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name: "C" } })
    ).body;
    const bad = await call("POST", `/v1/customers/${customer.id}/transactions`, {
      token: admin.token,
      body: { occurredAt: "yesterday", amount: 12.5, currency: "CNY", kind: "gift" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      "amount",
      "kind",
      "occurredAt",
    ]);
    const dollars = await call("POST", `/v1/customers/${customer.id}/transactions`, {
      token: admin.token,
      body: { ...purchase(100, "2026-01-01T00:00:00Z"), currency: "USD" },
    });
    expect(dollars.status).toBe(400);
    expect(dollars.body.errors).toEqual([
      expect.objectContaining({
        path: "currency",
        code: "currency-of-customer",
        params: { currency: "CNY" },
      }),
    ]);
    expect(
      (await call("GET", `/v1/customers/${customer.id}/transactions`, { token: admin.token })).body.items,
    ).toEqual([]);
  });

  it("refuse a time more than a day after now, which would be the customer's last purchase for years", async () => {
    const { admin } = await signUpTenant("txn-future", { locale: "zh-CN" });
    const customer = (
      await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name: "C" } })
    ).body;
    const record = (occurredAt: string) =>
      call("POST", `/v1/customers/${customer.id}/transactions`, {
        token: admin.token,
        body: purchase(100, occurredAt),
      });
    for (const occurredAt of ["2999-01-01T00:00:00Z", new Date(Date.now() + 26 * 3600_000).toISOString()]) {
      const refused = await record(occurredAt);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          path: "occurredAt",
          code: "in-the-future",
          params: { latest: expect.any(String) },
        }),
      ]);
    }
    const read = await call("GET", `/v1/customers/${customer.id}`, { token: admin.token });
    expect(read.body.purchases).toMatchObject({ count: 0 });
    // A till a few hours ahead (or a time written in another zone) is fine.
    const soon = await record(new Date(Date.now() + 12 * 3600_000).toISOString());
    expect(soon.status).toBe(201);
  });

  it("bring the customer to the top of its owner's list", async () => {
    const { admin } = await signUpTenant("txn-activity", { locale: "zh-CN" });
    const older = (
      await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name: "Older" } })
    ).body;
    await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name: "Newer" } });
    await call("POST", `/v1/customers/${older.id}/transactions`, {
      token: admin.token,
      body: purchase(100, "2026-01-01T00:00:00Z"),
    });
    const mine = await call("GET", "/v1/customers?owner=me", { token: admin.token });
    expect(mine.body.items.map((customer: { name: string }) => customer.name)).toEqual(["Older", "Newer"]);
  });
});

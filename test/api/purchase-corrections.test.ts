import { purchasesOf } from "@crm/domain";
import { describe, expect, it } from "vitest";
import { addMember, call, ifMatch, purchase, signUpTenant, type TestTenant } from "../support/api.js";
import { runImport, uploadImport, utf8 } from "../support/imports.js";
import { tenantData } from "../support/scoring.js";

type Entry = {
  id: string;
  kind: string;
  amount: number;
  occurredAt: string;
  externalRef?: string;
  voided?: { reason: string; reversalId: string; correctionId?: string; byName: string };
  reverses?: string;
  corrects?: string;
};

const newCustomer = async (tenant: TestTenant, name: string) =>
  (await call("POST", "/v1/customers", { token: tenant.admin.token, body: { kind: "person", name } })).body;

const record = (tenant: TestTenant, customerId: string, body: Record<string, unknown>) =>
  call("POST", `/v1/customers/${customerId}/transactions`, { token: tenant.admin.token, body });

const act = (
  tenant: TestTenant,
  customerId: string,
  transactionId: string,
  action: "void" | "correct",
  body: unknown,
  headers: Record<string, string> = {},
) =>
  call("POST", `/v1/customers/${customerId}/transactions/${transactionId}/${action}`, {
    token: tenant.admin.token,
    body,
    headers,
  });

/** Every entry of a customer, page by page. */
async function allEntries(tenant: TestTenant, customerId: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let cursor: string | undefined;
  do {
    const page = await call(
      "GET",
      `/v1/customers/${customerId}/transactions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { token: tenant.admin.token },
    );
    expect(page.status).toBe(200);
    entries.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return entries;
}

/** A customer's aggregates as the nightly scoring reads them: its profile in the scoring's own page of customers. */
async function scoredAggregates(tenant: TestTenant, customerId: string) {
  const data = await tenantData(tenant.tenantId);
  const page = await data.customers.scoringPage(undefined, 100);
  return page.customers.find((customer) => customer.id === customerId)?.purchases;
}

describe("voiding and correcting purchases", () => {
  it("voids a purchase by a reversing entry kept beside it, and the aggregates the scoring reads follow", async () => {
    const tenant = await signUpTenant("void", { locale: "zh-CN" });
    const buyer = await newCustomer(tenant, "Buyer");
    const twin = await newCustomer(tenant, "Twin");
    for (const id of [buyer.id, twin.id]) {
      await record(tenant, id, purchase(12_000, "2026-03-01T10:00:00+08:00"));
      await record(tenant, id, purchase(8_000, "2026-01-10T09:00:00Z"));
      await record(tenant, id, { ...purchase(1_000, "2026-03-20T00:00:00Z"), kind: "refund" });
    }
    // The wrong one: the latest purchase, typed for the wrong customer.
    const wrong = (await record(tenant, buyer.id, purchase(99_900, "2026-05-02T03:00:00Z"))).body.transaction;
    const before = (await call("GET", `/v1/customers/${buyer.id}`, { token: tenant.admin.token })).body;
    expect(before.purchases.lastAt).toBe("2026-05-02T03:00:00.000Z");

    const voided = await act(tenant, buyer.id, wrong.id, "void", { reason: "  Wrong customer " });
    expect(voided.status, JSON.stringify(voided.body)).toBe(201);
    expect(voided.body.transaction).toMatchObject({
      id: wrong.id,
      amount: 99_900,
      voided: { reason: "Wrong customer", reversalId: voided.body.reversal.id, byName: "void Admin" },
    });
    expect(voided.body.reversal).toMatchObject({
      kind: "purchase",
      amount: 99_900,
      currency: "CNY",
      occurredAt: wrong.occurredAt,
      reverses: wrong.id,
    });
    expect(voided.body.correction).toBeUndefined();

    // As if it had never been recorded: the twin has the same purchases without it.
    const twinNow = (await call("GET", `/v1/customers/${twin.id}`, { token: tenant.admin.token })).body;
    expect(voided.body.purchases).toEqual(twinNow.purchases);
    expect(await scoredAggregates(tenant, buyer.id)).toEqual(twinNow.purchases);
    expect(voided.body.purchases.lastAt).toBe("2026-03-01T02:00:00.000Z");
    const after = (await call("GET", `/v1/customers/${buyer.id}`, { token: tenant.admin.token })).body;
    expect(after.purchases).toEqual(twinNow.purchases);
    // A void is no edit of the customer's profile: the version people edit against stays.
    expect(after.version).toBe(before.version);

    // Both stay in the list, linked to each other; nothing was deleted.
    const entries = await allEntries(tenant, buyer.id);
    expect(entries).toHaveLength(5);
    const original = entries.find((entry) => entry.id === wrong.id);
    const reversal = entries.find((entry) => entry.reverses === wrong.id);
    expect(original?.voided?.reversalId).toBe(reversal?.id);
    // The reversal sits beside the entry it cancels (same time), the latest first.
    expect(
      entries
        .slice(0, 2)
        .map((entry) => entry.id)
        .sort(),
    ).toEqual([wrong.id, reversal?.id].sort());

    // The history says who voided what and why.
    const history = await call("GET", `/v1/customers/${buyer.id}/history`, { token: tenant.admin.token });
    expect(history.body.items[0]).toMatchObject({
      action: "transaction-voided",
      byName: "void Admin",
      changes: [],
      transaction: {
        id: wrong.id,
        kind: "purchase",
        amount: 99_900,
        currency: "CNY",
        occurredAt: wrong.occurredAt,
        reason: "Wrong customer",
        reversalId: reversal?.id,
      },
    });

    // Voiding twice, a reversal, or correcting what is voided: 409 with a code, and nothing moves.
    const twice = await act(tenant, buyer.id, wrong.id, "void", { reason: "again" });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: "transaction-voided", reversalId: reversal?.id });
    const ofReversal = await act(tenant, buyer.id, reversal?.id ?? "", "void", { reason: "undo" });
    expect(ofReversal.status).toBe(409);
    expect(ofReversal.body.code).toBe("transaction-is-reversal");
    const correctVoided = await act(tenant, buyer.id, wrong.id, "correct", { reason: "r", amount: 1 });
    expect(correctVoided.status).toBe(409);
    expect(correctVoided.body.code).toBe("transaction-voided");
    expect(await allEntries(tenant, buyer.id)).toEqual(entries);
    expect(await scoredAggregates(tenant, buyer.id)).toEqual(twinNow.purchases);
  });

  it("corrects a purchase: reversed and entered again, linked, in history, with the aggregates of the right one", async () => {
    const tenant = await signUpTenant("correct", { locale: "zh-CN" });
    const buyer = await newCustomer(tenant, "Buyer");
    const twin = await newCustomer(tenant, "Twin");
    await record(tenant, buyer.id, purchase(5_000, "2026-02-01T02:00:00Z"));
    const wrong = (
      await record(tenant, buyer.id, purchase(129_950, "2026-02-14T02:00:00Z", { channel: "store" }))
    ).body.transaction;
    // What should have been recorded.
    await record(tenant, twin.id, purchase(5_000, "2026-02-01T02:00:00Z"));
    await record(tenant, twin.id, purchase(12_995, "2026-02-15T12:00:00+08:00", { channel: "store" }));

    const corrected = await act(tenant, buyer.id, wrong.id, "correct", {
      reason: "One zero too many, and the day after",
      amount: 12_995,
      occurredAt: "2026-02-15T12:00:00+08:00",
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    const { transaction, reversal, correction } = corrected.body;
    expect(transaction.voided).toMatchObject({ reversalId: reversal.id, correctionId: correction.id });
    expect(reversal).toMatchObject({ reverses: wrong.id, amount: 129_950, occurredAt: wrong.occurredAt });
    expect(correction).toMatchObject({
      corrects: wrong.id,
      kind: "purchase",
      amount: 12_995,
      currency: "CNY",
      occurredAt: "2026-02-15T04:00:00.000Z",
      channel: "store",
    });
    const twinNow = (await call("GET", `/v1/customers/${twin.id}`, { token: tenant.admin.token })).body;
    expect(corrected.body.purchases).toEqual(twinNow.purchases);
    expect(await scoredAggregates(tenant, buyer.id)).toEqual(twinNow.purchases);

    const entries = await allEntries(tenant, buyer.id);
    // Latest first: the corrected entry (a day later), then the voided one beside its reversal, then the rest.
    expect(entries.map((entry) => entry.id)).toHaveLength(4);
    expect(entries[0]).toMatchObject({ id: correction.id, corrects: wrong.id });
    expect(
      entries
        .slice(1, 3)
        .map((entry) => entry.id)
        .sort(),
    ).toEqual([wrong.id, reversal.id].sort());
    expect(entries[3]).toMatchObject({ amount: 5_000 });
    expect(entries.find((entry) => entry.id === wrong.id)?.voided).toMatchObject({
      reason: "One zero too many, and the day after",
      correctionId: correction.id,
    });
    const history = await call("GET", `/v1/customers/${buyer.id}/history`, { token: tenant.admin.token });
    expect(history.body.items[0]).toMatchObject({
      action: "transaction-corrected",
      transaction: {
        id: wrong.id,
        amount: 129_950,
        reason: "One zero too many, and the day after",
        reversalId: reversal.id,
        correction: {
          id: correction.id,
          kind: "purchase",
          amount: 12_995,
          occurredAt: correction.occurredAt,
        },
      },
    });

    // The corrected entry can itself be corrected (or voided) later.
    const again = await act(tenant, buyer.id, correction.id, "correct", {
      reason: "It was a refund",
      kind: "refund",
    });
    expect(again.status).toBe(201);
    expect(again.body.purchases).toMatchObject({ count: 1, netAmount: 5_000 - 12_995 });
  });

  it("refuses bad input with 400 listing every problem, and writes nothing", async () => {
    const tenant = await signUpTenant("void-bad", { locale: "zh-CN" });
    const buyer = await newCustomer(tenant, "Buyer");
    const entry = (await record(tenant, buyer.id, purchase(100, "2026-01-01T00:00:00Z"))).body.transaction;
    const before = {
      entries: await allEntries(tenant, buyer.id),
      customer: (await call("GET", `/v1/customers/${buyer.id}`, { token: tenant.admin.token })).body,
      history: (await call("GET", `/v1/customers/${buyer.id}/history`, { token: tenant.admin.token })).body,
    };
    const noReason = await act(tenant, buyer.id, entry.id, "void", { why: "x" });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([
      expect.objectContaining({ path: "reason", code: "required" }),
      expect.objectContaining({ path: "why", code: "not-accepted" }),
    ]);
    const badCorrection = await act(tenant, buyer.id, entry.id, "correct", {
      reason: "",
      amount: 12.5,
      occurredAt: "yesterday",
      currency: "USD",
    });
    expect(badCorrection.status).toBe(400);
    expect(badCorrection.body.errors.map((problem: { path: string }) => problem.path).sort()).toEqual([
      "amount",
      "currency",
      "occurredAt",
      "reason",
    ]);
    const unchanged = await act(tenant, buyer.id, entry.id, "correct", {
      reason: "nothing",
      amount: 100,
      occurredAt: "2026-01-01T08:00:00+08:00",
    });
    expect(unchanged.status).toBe(400);
    expect(unchanged.body.errors).toEqual([expect.objectContaining({ code: "nothing-to-change" })]);
    const future = await act(tenant, buyer.id, entry.id, "correct", {
      reason: "typo",
      occurredAt: "2999-01-01T00:00:00Z",
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([
      expect.objectContaining({
        path: "occurredAt",
        code: "in-the-future",
        params: { latest: expect.any(String) },
      }),
    ]);
    const notJson = await call("POST", `/v1/customers/${buyer.id}/transactions/${entry.id}/void`, {
      token: tenant.admin.token,
      raw: "{",
    });
    expect(notJson.status).toBe(400);
    expect(await allEntries(tenant, buyer.id)).toEqual(before.entries);
    expect((await call("GET", `/v1/customers/${buyer.id}`, { token: tenant.admin.token })).body).toEqual(
      before.customer,
    );
    expect(
      (await call("GET", `/v1/customers/${buyer.id}/history`, { token: tenant.admin.token })).body,
    ).toEqual(before.history);
  });

  it("answers a retry with the same Idempotency-Key with the first answer and writes one reversal", async () => {
    const tenant = await signUpTenant("void-retry", { locale: "zh-CN" });
    const buyer = await newCustomer(tenant, "Buyer");
    const entry = (await record(tenant, buyer.id, purchase(100, "2026-01-01T00:00:00Z"))).body.transaction;
    const key = { "idempotency-key": crypto.randomUUID() };
    const first = await act(tenant, buyer.id, entry.id, "void", { reason: "typo" }, key);
    expect(first.status).toBe(201);
    // The phone did not get the answer and sends it again.
    const replay = await act(tenant, buyer.id, entry.id, "void", { reason: "typo" }, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    expect((await allEntries(tenant, buyer.id)).filter((one) => one.reverses === entry.id)).toHaveLength(1);
    const history = await call("GET", `/v1/customers/${buyer.id}/history`, { token: tenant.admin.token });
    expect(
      history.body.items.filter((item: { action: string }) => item.action === "transaction-voided"),
    ).toHaveLength(1);
    // The same key with another body is refused; without a key, voiding again is a conflict.
    expect((await act(tenant, buyer.id, entry.id, "void", { reason: "other" }, key)).status).toBe(422);
    expect((await act(tenant, buyer.id, entry.id, "void", { reason: "typo" })).status).toBe(409);

    // Sent twice at once: one voids, the other waits (409, retry shortly) or replays; one reversal.
    const second = (await record(tenant, buyer.id, purchase(200, "2026-01-02T00:00:00Z"))).body.transaction;
    const once = { "idempotency-key": crypto.randomUUID() };
    const both = await Promise.all([
      act(tenant, buyer.id, second.id, "correct", { reason: "r", amount: 250 }, once),
      act(tenant, buyer.id, second.id, "correct", { reason: "r", amount: 250 }, once),
    ]);
    expect(both.map((answer) => answer.status)).toContain(201);
    for (const answer of both.filter((one) => one.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe("idempotency-in-progress");
    }
    const entries = await allEntries(tenant, buyer.id);
    expect(entries.filter((one) => one.reverses === second.id)).toHaveLength(1);
    expect(entries.filter((one) => one.corrects === second.id)).toHaveLength(1);
  });

  it("keeps the aggregates right when purchases are recorded while one is voided", async () => {
    const tenant = await signUpTenant("void-race", { locale: "zh-CN" });
    const buyer = await newCustomer(tenant, "Busy");
    const entry = (await record(tenant, buyer.id, purchase(50_000, "2026-04-30T00:00:00Z"))).body.transaction;
    const answers = await Promise.all([
      ...Array.from({ length: 8 }, (_, index) =>
        record(tenant, buyer.id, purchase(100 + index, `2026-05-0${index + 1}T00:00:00Z`)),
      ),
      act(tenant, buyer.id, entry.id, "void", { reason: "duplicate" }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([...Array(8).fill(201), 201]);
    const entries = await allEntries(tenant, buyer.id);
    expect(entries).toHaveLength(10);
    const expected = purchasesOf([...entries].reverse() as never, "CNY", "Asia/Shanghai");
    expect(await scoredAggregates(tenant, buyer.id)).toEqual(expected);
    expect(expected).toMatchObject({ count: 8, netAmount: 8 * 100 + 28 });
  });

  it("pages through every entry with a sealed cursor bound to who asked for which list", async () => {
    const tenant = await signUpTenant("void-pages", { locale: "zh-CN" });
    const buyer = await newCustomer(tenant, "Regular");
    const other = await newCustomer(tenant, "Other");
    const data = await tenantData(tenant.tenantId);
    // 23 entries, straight through the data layer (the API's own code), to keep the test quick.
    for (let day = 1; day <= 23; day++) {
      await data.transactions.record(
        {
          kind: "purchase",
          amount: 100 * day,
          currency: "CNY",
          occurredAt: `2026-01-${String(day).padStart(2, "0")}T01:00:00.000Z`,
          id: crypto.randomUUID(),
          customerId: buyer.id,
          createdAt: new Date().toISOString(),
        },
        new Date().toISOString(),
        "Asia/Shanghai",
      );
    }
    const seen: Entry[] = [];
    const pages: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        "GET",
        `/v1/customers/${buyer.id}/transactions?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token: tenant.admin.token },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      pages.push(page.body.items.length);
      cursor = page.body.nextCursor;
      if (cursor) {
        // Opaque: no key, id or time of the customer shows through.
        expect(cursor).toMatch(/^c1\./);
        expect(cursor).not.toContain(buyer.id);
        expect(cursor).not.toContain("2026");
        // Valid only on this list for this person.
        const elsewhere = await call(
          "GET",
          `/v1/customers/${other.id}/transactions?cursor=${encodeURIComponent(cursor)}`,
          { token: tenant.admin.token },
        );
        expect(elsewhere.status).toBe(400);
        expect(elsewhere.body.code).toBe("cursor-invalid");
      }
    } while (cursor);
    expect(pages).toEqual([10, 10, 3]);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(23);
    expect(seen.map((entry) => entry.amount)).toEqual(Array.from({ length: 23 }, (_, i) => 100 * (23 - i)));

    const manager = await addMember(tenant.admin.token, "manager");
    const first = await call("GET", `/v1/customers/${buyer.id}/transactions?limit=10`, {
      token: tenant.admin.token,
    });
    const stolen = await call(
      "GET",
      `/v1/customers/${buyer.id}/transactions?limit=10&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: manager.token },
    );
    expect(stolen.status).toBe(400);
  });

  it("keeps a voided purchase voided when its file is imported again", async () => {
    const tenant = await signUpTenant("void-import", { locale: "zh-CN" });
    const buyer = (
      await call("POST", "/v1/customers", {
        token: tenant.admin.token,
        body: { kind: "person", name: "李娜", emails: ["li.na@example.cn"] },
      })
    ).body;
    const csv = [
      "订单号,日期,金额,邮箱",
      "PO-1,2026/3/1,1299.50,li.na@example.cn",
      "PO-2,2026/3/2,88,li.na@example.cn",
      // Without an order number the import takes a reference from the row.
      ",2026/3/3,66,li.na@example.cn",
    ].join("\n");
    const job = await uploadImport(tenant.admin.token, "transactions", utf8(csv));
    const first = await runImport(tenant.admin.token, job.id, job.suggestedMapping);
    expect(first.run).toMatchObject({ created: 3, failed: 0 });
    const entries = await allEntries(tenant, buyer.id);
    const po1 = entries.find((entry) => entry.externalRef === "PO-1") as Entry;
    const unnamed = entries.find((entry) => entry.amount === 6_600) as Entry;
    expect((await act(tenant, buyer.id, po1.id, "void", { reason: "cancelled order" })).status).toBe(201);
    expect(
      (await act(tenant, buyer.id, unnamed.id, "correct", { reason: "was 60", amount: 6_000 })).status,
    ).toBe(201);
    const afterVoid = {
      entries: await allEntries(tenant, buyer.id),
      purchases: await scoredAggregates(tenant, buyer.id),
    };
    expect(afterVoid.purchases).toMatchObject({ count: 2, netAmount: 8_800 + 6_000 });

    // The same file again, as a new import and as a rerun: every row exists, nothing comes back.
    const again = await uploadImport(tenant.admin.token, "transactions", utf8(csv));
    const second = await runImport(tenant.admin.token, again.id, again.suggestedMapping);
    expect(second.run).toMatchObject({ created: 0, existing: 3, failed: 0 });
    const rerun = await runImport(tenant.admin.token, job.id, job.suggestedMapping);
    expect(rerun.run).toMatchObject({ created: 0, existing: 3, failed: 0 });
    expect(await allEntries(tenant, buyer.id)).toEqual(afterVoid.entries);
    expect(await scoredAggregates(tenant, buyer.id)).toEqual(afterVoid.purchases);
    // Recording the order number by hand finds the voided entry too.
    const byHand = await record(
      tenant,
      buyer.id,
      purchase(129_950, "2026-03-01T00:00:00Z", { externalRef: "PO-1" }),
    );
    expect(byHand.status).toBe(200);
    expect(byHand.body.transaction).toMatchObject({ id: po1.id, voided: { reason: "cancelled order" } });
    expect(byHand.body.purchases).toEqual(afterVoid.purchases);
  });

  it("answers 404 for an entry of another customer, an unknown entry, and a customer a rep may not see", async () => {
    const tenant = await signUpTenant("void-404", { locale: "zh-CN" });
    const a = await newCustomer(tenant, "A");
    const b = await newCustomer(tenant, "B");
    const entry = (await record(tenant, a.id, purchase(100, "2026-01-01T00:00:00Z"))).body.transaction;
    const viaOther = await act(tenant, b.id, entry.id, "void", { reason: "x" });
    expect(viaOther.status).toBe(404);
    expect(viaOther.body.code).toBe("transaction-not-found");
    expect((await act(tenant, a.id, crypto.randomUUID(), "void", { reason: "x" })).status).toBe(404);

    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: ifMatch(settings.body.version),
      body: { repVisibility: "own" },
    });
    const rep = await addMember(tenant.admin.token, "rep");
    for (const action of ["void", "correct"] as const) {
      const hidden = await call("POST", `/v1/customers/${a.id}/transactions/${entry.id}/${action}`, {
        token: rep.token,
        body: { reason: "x", ...(action === "correct" && { amount: 1 }) },
      });
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe("customer-not-found");
    }
    expect((await allEntries(tenant, a.id)).every((one) => !one.voided)).toBe(true);
  });
});

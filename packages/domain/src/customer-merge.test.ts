import { describe, expect, it } from "vitest";
import { customerExample } from "./customer-example.js";
import { checkMergeCurrencies, checkMergePair, mergeProfiles, purchasesOf } from "./customer-merge.js";
import { applyTransaction, noPurchases } from "./purchases.js";

const customer = customerExample;

describe("mergeProfiles", () => {
  it("keeps the survivor's values, fills its gaps and unites emails, phones and tags", () => {
    const survivor = customer({
      emails: ["a@x.cn"],
      phones: ["+8613800000001"],
      tags: ["vip"],
      source: "fair",
    });
    const duplicate = customer({
      id: "c2",
      name: "张伟",
      emails: ["b@x.cn", "a@x.cn"],
      phones: ["+8613800000002"],
      tags: ["wechat", "vip"],
      source: "web",
      birthday: "1990-05-17",
      ownerId: "u2",
    });
    const merged = mergeProfiles(survivor, duplicate);
    expect(merged).toMatchObject({
      id: "c1",
      name: "Zhang Wei",
      ownerId: "u1",
      version: 3,
      emails: ["a@x.cn", "b@x.cn"],
      phones: ["+8613800000001", "+8613800000002"],
      tags: ["vip", "wechat"],
      source: "fair",
      birthday: "1990-05-17",
    });
  });

  it("takes only the fields that fit the survivor's kind", () => {
    const merged = mergeProfiles(
      customer({ kind: "company" }),
      customer({ id: "c2", birthday: "1990-05-17", industry: "Retail" }),
    );
    expect(merged.birthday).toBeUndefined();
    expect(merged.industry).toBe("Retail");
  });
});

describe("purchasesOf", () => {
  it("equals recording the transactions one by one, in any order", () => {
    const transactions = [
      { kind: "purchase" as const, amount: 5000, occurredAt: "2026-03-01T00:00:00Z" },
      { kind: "refund" as const, amount: 1000, occurredAt: "2026-03-02T00:00:00Z" },
      { kind: "purchase" as const, amount: 3000, occurredAt: "2026-01-01T00:00:00Z" },
    ];
    const oneByOne = transactions.reduce(
      (purchases, transaction) => applyTransaction(purchases, transaction),
      noPurchases("CNY"),
    );
    expect(purchasesOf([...transactions].reverse(), "CNY")).toEqual(oneByOne);
    expect(oneByOne).toMatchObject({ count: 2, netAmount: 7000, averageAmount: 3500 });
    expect(oneByOne.firstAt).toBe("2026-01-01T00:00:00.000Z");
    expect(oneByOne.lastAt).toBe("2026-03-01T00:00:00.000Z");
  });
});

describe("what may merge", () => {
  it("refuses a customer merged into itself", () => {
    expect(() => checkMergePair("c1", "c1")).toThrow(expect.objectContaining({ code: "invalid-fields" }));
    expect(() => checkMergePair("c1", "c2")).not.toThrow();
  });

  it("merges purchases in one currency only; a survivor without purchases takes the duplicate's", () => {
    expect(() => checkMergeCurrencies(noPurchases("CNY"), ["USD", "USD"])).not.toThrow();
    const bought = applyTransaction(noPurchases("CNY"), {
      kind: "purchase",
      amount: 100,
      occurredAt: "2026-01-02T00:00:00Z",
    });
    expect(() => checkMergeCurrencies(bought, ["CNY"])).not.toThrow();
    expect(() => checkMergeCurrencies(bought, ["USD"])).toThrow(
      expect.objectContaining({ code: "merge-currencies-differ" }),
    );
  });
});

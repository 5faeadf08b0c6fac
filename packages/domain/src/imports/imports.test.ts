import { describe, expect, it } from "vitest";
import { parseAmount } from "../money.js";
import { parseSpreadsheetDate, parseSpreadsheetTime } from "./dates.js";
import {
  CUSTOMER_IMPORT_TARGETS,
  mappingProblems,
  suggestMapping,
  TRANSACTION_IMPORT_TARGETS,
} from "./mapping.js";
import { columnOf, customerFromRow, transactionFromRow } from "./rows.js";

describe("spreadsheet times and amounts", () => {
  it("read local dates in the tenant's zone and ISO times as given", () => {
    expect(parseSpreadsheetTime("2026/3/1", "Asia/Shanghai")).toBe("2026-02-28T16:00:00.000Z");
    expect(parseSpreadsheetTime("2026-03-01 14:30", "Asia/Shanghai")).toBe("2026-03-01T06:30:00.000Z");
    expect(parseSpreadsheetTime("2026年3月1日", "UTC")).toBe("2026-03-01T00:00:00.000Z");
    expect(parseSpreadsheetTime("2026-07-01 12:00", "America/New_York")).toBe("2026-07-01T16:00:00.000Z");
    expect(parseSpreadsheetTime("2026-03-01T10:00:00+08:00", "UTC")).toBe("2026-03-01T02:00:00.000Z");
    expect(parseSpreadsheetTime("2026-02-30", "UTC")).toBeUndefined();
    expect(parseSpreadsheetTime("yesterday", "UTC")).toBeUndefined();
    expect(parseSpreadsheetDate("1990/5/17")).toBe("1990-05-17");
  });

  it("read amounts with symbols and separators in minor units, refusing extra decimals", () => {
    expect(parseAmount("¥1,299.50", "CNY")).toBe(129_950);
    expect(parseAmount("RMB 88", "CNY")).toBe(8_800);
    expect(parseAmount("-20", "USD")).toBe(-2_000);
    expect(parseAmount("１２.５", "CNY")).toBe(1_250);
    expect(parseAmount("500", "JPY")).toBe(500);
    expect(parseAmount("5.5", "JPY")).toBeUndefined();
    expect(parseAmount("1.234", "CNY")).toBeUndefined();
    expect(parseAmount("abc", "CNY")).toBeUndefined();
  });
});

describe("mapping", () => {
  it("suggests targets from English and Chinese headers, each target once", () => {
    const targets = [...CUSTOMER_IMPORT_TARGETS];
    expect(suggestMapping(["姓名", "手机号", "邮箱", "标签", "Notes", "电话"], targets)).toEqual({
      姓名: "name",
      手机号: "phones",
      邮箱: "emails",
      标签: "tags",
    });
    expect(suggestMapping(["Order ID", "Date", "Email", "Amount"], [...TRANSACTION_IMPORT_TARGETS])).toEqual({
      "Order ID": "externalRef",
      Date: "occurredAt",
      Email: "customerEmail",
      Amount: "amount",
    });
  });

  it("names what a mapping lacks or repeats", () => {
    const targets = [...TRANSACTION_IMPORT_TARGETS];
    const problems = mappingProblems("transactions", { a: "amount", b: "amount", c: "nothing" }, targets, [
      "a",
      "b",
      "c",
    ]);
    expect(problems.map(({ code, params }) => ({ code, params }))).toEqual([
      { code: "mapping-duplicate", params: undefined },
      { code: "mapping-not-importable", params: undefined },
      { code: "mapping-missing", params: { fields: "customerId / customerEmail / customerPhone" } },
      { code: "mapping-missing", params: { fields: "occurredAt" } },
    ]);
  });
});

describe("rows", () => {
  it("turn a Chinese customer row into a request body, remembering columns", () => {
    const { body, columns } = customerFromRow(
      { 姓名: "张伟", 手机: "138 0000 0001；139 0000 0002", 类别: "企业", 阶段: "新客户", 预算: "1,200" },
      { 姓名: "name", 手机: "phones", 类别: "kind", 阶段: "lifecycleStage", 预算: "customFields.budget" },
      [
        {
          key: "budget",
          entity: "customer",
          label: { en: "Budget", "zh-CN": "预算" },
          type: "number",
          required: false,
          version: 1,
        },
      ],
    );
    expect(body).toEqual({
      name: "张伟",
      phones: ["138 0000 0001", "139 0000 0002"],
      kind: "company",
      lifecycleStage: "new",
      customFields: { budget: 1200 },
    });
    expect(columnOf("phones.1", columns)).toBe("手机");
    expect(columnOf("customFields.budget", columns)).toBe("预算");
  });

  it("turn a transaction row into a request body: negative amounts are refunds", () => {
    const row = transactionFromRow(
      { 单号: "A-1", 日期: "2026/3/1", 金额: "-¥20.00", 邮箱: "Li@Example.com" },
      { 单号: "externalRef", 日期: "occurredAt", 金额: "amount", 邮箱: "customerEmail" },
      { currency: "CNY", timeZone: "Asia/Shanghai" },
    );
    expect(row).toMatchObject({
      customer: { by: "email", value: "li@example.com" },
      body: {
        amount: 2_000,
        kind: "refund",
        currency: "CNY",
        externalRef: "A-1",
        occurredAt: "2026-02-28T16:00:00.000Z",
      },
      problems: [],
    });
    const bad = transactionFromRow({ x: "soon" }, { x: "occurredAt" }, { currency: "CNY", timeZone: "UTC" });
    expect(bad.problems.map((problem) => problem.path)).toEqual(["customer", "occurredAt", "amount"]);
  });
});

describe("the CRM's own ids", () => {
  it("are suggested for an id column only when its values are ids this CRM makes", () => {
    const targets = [...CUSTOMER_IMPORT_TARGETS];
    const ours = [["7415bc3b-63ee-4d0b-940e-e1839817a4d4", "Ann"]];
    expect(suggestMapping(["id", "name"], targets, [], ours)).toEqual({ id: "id", name: "name" });
    expect(suggestMapping(["ID", "name"], targets, [], [["C-001", "Ann"]])).toEqual({ name: "name" });
  });
});

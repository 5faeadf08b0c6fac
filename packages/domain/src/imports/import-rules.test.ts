import { describe, expect, it } from "vitest";
import { CUSTOMER_IMPORT_TARGETS } from "../constants.js";
import type { CustomField } from "../custom-field.js";
import { fieldProblem } from "../errors.js";
import { kindOfNameHeader, suggestMapping } from "./mapping.js";
import { customerFromRow, rowProblem, transactionFromRow } from "./rows.js";

const targets = [...CUSTOMER_IMPORT_TARGETS];
const kindOf = (row: Record<string, string>, mapping: Record<string, string>) =>
  customerFromRow(row, mapping, []).body.kind;

describe("whether an imported row is a person or a company", () => {
  it("is what its kind column says, whatever else the row holds", () => {
    expect(kindOf({ 类别: "个人", 行业: "教育" }, { 类别: "kind", 行业: "industry" })).toBe("person");
    expect(kindOf({ 类别: "公司" }, { 类别: "kind" })).toBe("company");
    expect(kindOf({ Kind: "Company", Name: "Acme" }, { Kind: "kind", Name: "name" })).toBe("company");
  });

  it("else what the name column's header says", () => {
    expect(kindOf({ 公司名称: "星河", 行业: "" }, { 公司名称: "name" })).toBe("company");
    expect(kindOf({ Company: "Acme" }, { Company: "name" })).toBe("company");
    // A person's row with an industry stays a person (and the industry is named as a problem).
    expect(kindOf({ 姓名: "张伟", 行业: "教育" }, { 姓名: "name", 行业: "industry" })).toBe("person");
    expect(kindOf({ "Full name": "Ann Lee", Size: "11-50" }, { "Full name": "name", Size: "size" })).toBe(
      "person",
    );
  });

  it("else a row with an industry or size and no birthday is a company, any other a person", () => {
    expect(kindOf({ 名称: "星河", 行业: "贸易" }, { 名称: "name", 行业: "industry" })).toBe("company");
    expect(kindOf({ 名称: "张伟", 行业: "" }, { 名称: "name", 行业: "industry" })).toBe("person");
    expect(
      kindOf(
        { 名称: "张伟", 行业: "教育", 生日: "1990-01-02" },
        { 名称: "name", 行业: "industry", 生日: "birthday" },
      ),
    ).toBe("person");
  });

  it("reads name headers without case, spaces or punctuation", () => {
    expect(kindOfNameHeader("Company Name")).toBe("company");
    expect(kindOfNameHeader("公司（名称）")).toBe("company");
    expect(kindOfNameHeader("姓名")).toBe("person");
    expect(kindOfNameHeader("客户名称")).toBeUndefined();
    expect(kindOfNameHeader(undefined)).toBeUndefined();
  });
});

describe("the suggested mapping", () => {
  it("takes a person's name before the company they work for, whatever the order of the columns", () => {
    expect(suggestMapping(["Company", "Name", "Email"], targets)).toEqual({ Name: "name", Email: "emails" });
    expect(suggestMapping(["公司", "姓名", "手机"], targets)).toEqual({ 姓名: "name", 手机: "phones" });
    expect(suggestMapping(["公司名称", "行业"], targets)).toEqual({ 公司名称: "name", 行业: "industry" });
  });

  it("maps no industry or size in a file of people without a kind column", () => {
    expect(suggestMapping(["姓名", "手机", "行业", "规模"], targets)).toEqual({
      姓名: "name",
      手机: "phones",
    });
    expect(suggestMapping(["姓名", "类别", "行业"], targets)).toEqual({
      姓名: "name",
      类别: "kind",
      行业: "industry",
    });
  });

  it("prefers a standard field to a custom field of the same label, and maps the custom field by its own name", () => {
    const phone: CustomField = {
      key: "dianhua",
      entity: "customer",
      label: { en: "Phone", "zh-CN": "电话" },
      type: "text",
      required: false,
      version: 1,
    };
    const all = [...targets, "customFields.dianhua"];
    expect(suggestMapping(["电话"], all, [phone])).toEqual({ 电话: "phones" });
    expect(suggestMapping(["手机", "电话"], all, [phone])).toEqual({
      手机: "phones",
      电话: "customFields.dianhua",
    });
  });
});

describe("row problems", () => {
  it("name the column even when its cell is empty, the field no column holds, or the whole row", () => {
    const { columns } = customerFromRow({ 姓名: "", 手机: "" }, { 姓名: "name", 手机: "phones" }, []);
    expect(rowProblem(5, fieldProblem("name", "required"), columns)).toMatchObject({
      row: 5,
      column: "姓名",
      code: "required",
    });
    expect(rowProblem(5, fieldProblem("customFields.budget", "required"), columns)).toEqual({
      row: 5,
      column: "",
      field: "customFields.budget",
      code: "required",
      message: "This field is required.",
    });
    expect(rowProblem(5, fieldProblem("(body)", "invalid"), columns)).not.toHaveProperty("field");
  });

  it("name a transaction's customer column when every customer cell is empty", () => {
    const row = transactionFromRow(
      { 邮箱: "", 日期: "2026-03-01", 金额: "10" },
      { 邮箱: "customerEmail", 日期: "occurredAt", 金额: "amount" },
      { currency: "CNY", timeZone: "Asia/Shanghai" },
    );
    const [problem] = row.problems;
    expect(problem && rowProblem(2, problem, row.columns)).toMatchObject({
      column: "邮箱",
      code: "customer-reference-required",
    });
    expect(rowProblem(2, fieldProblem("currency", "invalid"), row.columns)).toMatchObject({
      column: "",
      field: "currency",
    });
  });
});

describe("list options by their label", () => {
  it("take a cell written as the option's label in either language", () => {
    const level: CustomField = {
      key: "level",
      entity: "customer",
      label: { en: "Level", "zh-CN": "等级" },
      type: "multiselect",
      options: ["gold", "silver"],
      optionLabels: { gold: { en: "Gold", "zh-CN": "金卡" }, silver: { en: "Silver", "zh-CN": "银卡" } },
      required: false,
      version: 1,
    };
    const { body } = customerFromRow(
      { 名称: "张伟", 等级: "金卡、Silver、铜卡" },
      { 名称: "name", 等级: "customFields.level" },
      [level],
    );
    expect(body.customFields).toEqual({ level: ["gold", "silver", "铜卡"] });
  });
});

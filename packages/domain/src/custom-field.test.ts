import { describe, expect, it } from "vitest";
import {
  type CustomField,
  CustomFieldPatchSchema,
  CustomFieldRequestSchema,
  checkCustomFields,
  customFieldValuesSchema,
} from "./custom-field.js";
import { applyCustomFieldChange } from "./custom-field-rules.js";
import { diffCustomer } from "./customer-history.js";

const field = (extra: Partial<CustomField>): CustomField => ({
  key: "budget",
  entity: "customer",
  label: { en: "Budget", "zh-CN": "预算" },
  type: "number",
  required: false,
  version: 1,
  ...extra,
});

const fields = [
  field({ key: "budget", required: true }),
  field({ key: "channel", type: "select", options: ["wechat", "store"] }),
  field({ key: "hobbies", type: "multiselect", options: ["golf", "tea"] }),
  field({ key: "since", type: "date" }),
  field({ key: "vip", type: "boolean" }),
  field({ key: "old", type: "text", removedAt: "2026-01-01T00:00:00Z" }),
  field({ key: "badge", entity: "contact", type: "text" }),
];

describe("custom field values", () => {
  it("accept values of each type and drop repeated choices", () => {
    const values = customFieldValuesSchema(fields, "customer", "create").parse({
      budget: 1200,
      channel: "store",
      hobbies: ["tea", "tea"],
      since: "2020-01-31",
      vip: true,
    });
    expect(values).toEqual({
      budget: 1200,
      channel: "store",
      hobbies: ["tea"],
      since: "2020-01-31",
      vip: true,
    });
  });

  it("list every bad value by key: type, option, required, unknown and removed keys", () => {
    const result = customFieldValuesSchema(fields, "customer", "create").safeParse({
      channel: "fax",
      since: "31/01/2020",
      vip: "yes",
      old: "x",
      badge: "contact only",
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join(".") || issue.message).sort();
    expect(paths).toEqual(["budget", "channel", "since", "vip", "No custom field has this key."].sort());
  });

  it("let a change clear an optional field but not a required one", () => {
    const patch = customFieldValuesSchema(fields, "customer", "patch");
    expect(patch.parse({ channel: null })).toEqual({ channel: null });
    expect(patch.safeParse({ budget: null }).success).toBe(false);
    expect(patch.parse({})).toEqual({});
  });
});

describe("custom fields keyed as a name every object has (made before such keys were refused)", () => {
  const stored = [
    field({ key: "constructor", type: "text" }),
    field({ key: "prototype", type: "number", required: true }),
  ];

  it("read only the values' own properties, so a record without them passes", () => {
    for (const mode of ["create", "patch"] as const)
      for (const values of [{}, undefined])
        expect(checkCustomFields(stored, "customer", mode, values)).toEqual({
          values: undefined,
          problems: [],
        });
    expect(customFieldValuesSchema(stored, "customer", "create").parse({})).toEqual({});
  });

  it("take no value (storage could not hold one by that name), nor a __proto__ key", () => {
    const given = checkCustomFields(stored, "customer", "create", { constructor: "x", prototype: 1 });
    expect(given.problems.map((problem) => [problem.path, problem.code])).toEqual([
      ["customFields.constructor", "reserved-name"],
      ["customFields.prototype", "reserved-name"],
    ]);
    const sneaky = checkCustomFields(stored, "customer", "create", JSON.parse('{"__proto__":{"x":1}}'));
    expect(sneaky.problems.map((problem) => [problem.path, problem.code])).toEqual([
      ["customFields.__proto__", "not-accepted"],
    ]);
  });

  it("show in the history nothing inherited as the value a side lacks", () => {
    expect(diffCustomer({ customFields: {} }, { customFields: { constructor: "x" } })).toEqual([
      { field: "customFields.constructor", from: null, to: "x" },
    ]);
    expect(diffCustomer({}, { customFields: { constructor: "x" } })).toEqual([
      { field: "customFields.constructor", from: null, to: "x" },
    ]);
  });
});

describe("applyCustomFieldChange", () => {
  it("keeps values of removed fields and removes cleared ones", () => {
    expect(applyCustomFieldChange({ old: "kept", channel: "store" }, { channel: null, budget: 5 })).toEqual({
      old: "kept",
      budget: 5,
    });
    expect(applyCustomFieldChange({ channel: "store" }, { channel: null })).toBeUndefined();
  });
});

describe("custom field definitions", () => {
  it("need options exactly when they are select fields", () => {
    const base = { key: "tier", entity: "customer", label: { en: "Tier", "zh-CN": "等级" } };
    expect(CustomFieldRequestSchema.safeParse({ ...base, type: "select" }).success).toBe(false);
    expect(CustomFieldRequestSchema.safeParse({ ...base, type: "text", options: ["a"] }).success).toBe(false);
    expect(CustomFieldRequestSchema.parse({ ...base, type: "select", options: ["a", "b"] }).required).toBe(
      false,
    );
    expect(CustomFieldRequestSchema.safeParse({ ...base, key: "Tier", type: "text" }).success).toBe(false);
  });

  it("refuse keys and option values every JS object has, with their code", () => {
    const base = { entity: "customer", label: { en: "Tier", "zh-CN": "等级" } };
    const codes = (result: { error?: { issues: { path: PropertyKey[]; params?: unknown }[] } }) =>
      result.error?.issues.map((issue) => [
        issue.path.join("."),
        (issue.params as { code?: string } | undefined)?.code,
      ]);
    for (const key of ["constructor", "prototype"])
      expect(codes(CustomFieldRequestSchema.safeParse({ ...base, key, type: "text" }))).toEqual([
        ["key", "reserved-name"],
      ]);
    const options = CustomFieldRequestSchema.safeParse(
      JSON.parse(
        JSON.stringify({ ...base, type: "select", options: ["gold", "toString", "__proto__"] }).replace(
          '"type"',
          '"optionLabels":{"__proto__":{"en":"Proto"},"gold":{"en":"Gold"}},"type"',
        ),
      ),
    );
    expect(codes(options)).toEqual([
      ["options.1", "reserved-name"],
      ["options.2", "reserved-name"],
      ["optionLabels.__proto__", "reserved-name"],
    ]);
    expect(codes(CustomFieldPatchSchema.safeParse({ options: ["hasOwnProperty"] }))).toEqual([
      ["options.0", "reserved-name"],
    ]);
  });
});

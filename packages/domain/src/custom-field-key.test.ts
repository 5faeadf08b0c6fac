import { describe, expect, it } from "vitest";
import {
  CUSTOM_FIELD_KEY,
  customFieldKeyForLabels,
  customFieldKeyFrom,
  freeCustomFieldKey,
} from "./custom-field-key.js";

describe("a custom field's key from its label", () => {
  it("reads Chinese as toneless pinyin", () => {
    expect(customFieldKeyFrom("预算")).toBe("yusuan");
    expect(customFieldKeyFrom("客户等级")).toBe("kehudengji");
    expect(customFieldKeyFrom("绿色通道")).toBe("lvsetongdao");
  });

  it("keeps English words and digits, joined by _", () => {
    expect(customFieldKeyFrom("Budget 2026")).toBe("budget_2026");
    expect(customFieldKeyFrom("  Annual budget (CNY) ")).toBe("annual_budget_cny");
    expect(customFieldKeyFrom("Café owner")).toBe("cafe_owner");
  });

  it("mixes both, full-width letters read as half-width", () => {
    expect(customFieldKeyFrom("VIP等级")).toBe("vip_dengji");
    expect(customFieldKeyFrom("ＶＩＰ 等级")).toBe("vip_dengji");
    expect(customFieldKeyFrom("年度预算2026")).toBe("nianduyusuan_2026");
  });

  it("starts with a letter, stays within 40 characters, and is always a valid key", () => {
    expect(customFieldKeyFrom("2026 目标")).toBe("f_2026_mubiao");
    const long = customFieldKeyFrom("The quite long label of a field nobody should write, really");
    expect(long.length).toBeLessThanOrEqual(40);
    for (const label of ["预算", "Budget 2026", "2026", "a—b", "邮箱 / Email", "x".repeat(80)])
      expect(customFieldKeyFrom(label)).toMatch(CUSTOM_FIELD_KEY);
  });

  it("is empty when there is nothing to read", () => {
    expect(customFieldKeyFrom("   ")).toBe("");
    expect(customFieldKeyFrom("!!!")).toBe("");
  });

  it("gets a number when taken", () => {
    expect(freeCustomFieldKey("yusuan", [])).toBe("yusuan");
    expect(freeCustomFieldKey("yusuan", ["yusuan", "yusuan_2"])).toBe("yusuan_3");
    expect(freeCustomFieldKey("a".repeat(40), ["a".repeat(40)])).toBe(`${"a".repeat(38)}_2`);
  });

  it("is never a name every JS object has", () => {
    expect(customFieldKeyFrom("constructor")).toBe("constructor_2");
    expect(customFieldKeyFrom("Prototype")).toBe("prototype_2");
    expect(customFieldKeyForLabels({ en: "Constructor", "zh-CN": "" }, "en")).toBe("constructor_2");
    expect(freeCustomFieldKey("constructor", [])).toBe("constructor_2");
    expect(freeCustomFieldKey("__proto__", [])).toBe("__proto_2");
    expect(freeCustomFieldKey("toString", ["toString_2"])).toBe("toString_3");
  });
});

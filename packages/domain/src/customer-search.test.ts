import { describe, expect, it } from "vitest";
import { classifySearch, contactPointKeys, nameOrderKey, phoneSearchKey, sortForm } from "./search-keys.js";

describe("classifySearch", () => {
  it("reads digits in any format as a phone's national number, with the tenant's region", () => {
    for (const query of [
      "138 1234 5678",
      "13812345678",
      "+86 138-1234-5678",
      "0086 138 1234 5678",
      "(138) 1234.5678",
    ])
      expect(classifySearch(query, "CN"), query).toEqual({ kind: "phone", key: "13812345678" });
    expect(classifySearch("1381234", "CN")).toEqual({ kind: "phone", key: "1381234" });
    expect(classifySearch("１３８", "CN")).toEqual({ kind: "phone", key: "138" });
    // A trunk 0 is not part of the number; another country's code leaves its national number.
    expect(classifySearch("010-1234", "CN")).toEqual({ kind: "phone", key: "101234" });
    expect(classifySearch("+1 415 555", "CN")).toEqual({ kind: "phone", key: "415555" });
    expect(classifySearch("(415) 555-01", "US")).toEqual({ kind: "phone", key: "41555501" });
  });

  it("reads text with an @ as an email, lower-cased, and anything else as a name", () => {
    expect(classifySearch(" Wei@Acme.COM ", "CN")).toEqual({ kind: "email", key: "wei@acme.com" });
    expect(classifySearch("wei@", "CN")).toEqual({ kind: "email", key: "wei@" });
    expect(classifySearch("张伟", "CN")).toEqual({ kind: "name", key: "张伟" });
    expect(classifySearch("ＡＣＭＥ  Labs", "CN")).toEqual({ kind: "name", key: "acme labs" });
    expect(classifySearch("7-Eleven", "CN")).toEqual({ kind: "name", key: "7-eleven" });
    // No digit, no phone.
    expect(classifySearch("+", "CN")).toEqual({ kind: "name", key: "+" });
  });
});

describe("keys of phones and emails", () => {
  it("finds a phone by its national number and an email by its address", () => {
    expect(phoneSearchKey("+8613812345678")).toBe("13812345678");
    expect(phoneSearchKey("+14155550100")).toBe("4155550100");
    expect(
      contactPointKeys({ phones: ["+8613812345678"], emails: ["wei@acme.com"] }, { id: "c1", name: "李四" }),
    ).toEqual([
      {
        kind: "phone",
        key: "13812345678",
        match: { field: "phones", value: "+8613812345678", contact: { id: "c1", name: "李四" } },
      },
      {
        kind: "email",
        key: "wei@acme.com",
        match: { field: "emails", value: "wei@acme.com", contact: { id: "c1", name: "李四" } },
      },
    ]);
  });
});

describe("sortForm", () => {
  // As an index sorts them: by the sort key of name and id (ids here sort the other way round).
  const sorted = (names: string[]) =>
    [...names].sort((a, b) =>
      nameOrderKey(a, `id-${9 - a.length}`) < nameOrderKey(b, `id-${9 - b.length}`) ? -1 : 1,
    );

  it("sorts Chinese names in pinyin order, not by code point", () => {
    // 八 (U+516B) comes before 安 (U+5B89) by code point; an before ba in pinyin.
    expect(sorted(["张八", "张安"])).toEqual(["张安", "张八"]);
    expect(sorted(["赵敏", "李娜", "王芳", "张伟", "陈静", "安然"])).toEqual([
      "安然",
      "陈静",
      "李娜",
      "王芳",
      "张伟",
      "赵敏",
    ]);
    // A syllable that is a prefix of another sorts first: 西 (xi) before 下 (xia).
    expect(sorted(["下", "西"])).toEqual(["西", "下"]);
  });

  it("interleaves Latin and Chinese names by the same letters, word by word", () => {
    expect(
      sorted(["Zoe", "Zhang Wei", "赵敏", "张伟", "Zhangsan", "Bob", "白雪", "Anna", "安娜", "Zhang"]),
    ).toEqual(["安娜", "Anna", "白雪", "Bob", "Zhang", "张伟", "Zhang Wei", "Zhangsan", "赵敏", "Zoe"]);
  });

  it("reads a surname as a surname", () => {
    expect(sorted(["单田芳", "石头", "邓丽君"])).toEqual(["邓丽君", "单田芳", "石头"]);
  });

  it("keeps a prefix of a name a prefix of its sort form, in characters or in Latin letters", () => {
    for (const [name, prefix] of [
      ["中国银行", "中国银行"],
      ["中国银行", "中国"],
      ["北京ABC科技", "北京abc"],
      ["张伟", "zhang"],
      ["Acme Trading", "ACME t"],
    ] as const) {
      expect(sortForm(name).startsWith(sortForm(prefix)), `${prefix} of ${name}`).toBe(true);
    }
  });

  it("fits an index key, cut the same for a long name and a long query", () => {
    const name = "龘".repeat(200);
    const form = sortForm(name);
    expect(new TextEncoder().encode(form).length).toBeLessThanOrEqual(900);
    expect(form.startsWith(sortForm("龘".repeat(100)))).toBe(true);
  });
});

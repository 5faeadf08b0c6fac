import { describe, expect, it } from "vitest";
import { fieldProblemsOf } from "./field-problems.js";
import { hasLoneSurrogate, nameSchema, normalizeName } from "./names.js";
import { searchForm, searchKeys } from "./search-name.js";

describe("normalizeName", () => {
  it("composes to NFC", () => {
    expect(normalizeName("Jose\u0301")).toBe("Jos\u00e9");
  });

  it("removes zero-width characters, so 张\\u200b三 is 张三", () => {
    expect(normalizeName("张\u200b三")).toBe("张三");
    expect(normalizeName("\ufeffAcme\u2060 Ltd\u200c")).toBe("Acme Ltd");
    expect(normalizeName("Ann\u00ad")).toBe("Ann");
  });

  it("removes control characters and turns line breaks and tabs into one space", () => {
    expect(normalizeName("Wei\u0000\u0007 Zhang\u007f\u009b")).toBe("Wei Zhang");
    expect(normalizeName("  Acme\n\tTrading\r\n Co  ")).toBe("Acme Trading Co");
    expect(normalizeName("张\u3000三")).toBe("张 三");
  });

  it("removes bidi marks, embeddings, overrides and isolates", () => {
    expect(normalizeName("\u202eevil\u202c")).toBe("evil");
    expect(normalizeName("a\u202ab\u202bc\u202dd\u2066e\u2067f\u2068g\u2069h\u200ei\u200fj\u061c")).toBe(
      "abcdefghij",
    );
  });

  it("keeps the joiners of emoji sequences and drops a dangling one", () => {
    const family = "👨\u200d👩\u200d👧";
    const rainbowFlag = "🏳\ufe0f\u200d🌈";
    const technologist = "👩🏽\u200d💻";
    expect(normalizeName(`Team ${family}`)).toBe(`Team ${family}`);
    expect(normalizeName(rainbowFlag)).toBe(rainbowFlag);
    expect(normalizeName(technologist)).toBe(technologist);
    expect(normalizeName("Ann👍\u200d")).toBe("Ann👍");
    expect(normalizeName("Ann\u200d👍")).toBe("Ann👍");
  });

  it("keeps a flag's tag sequence, and drops tags elsewhere", () => {
    const scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
    expect(normalizeName(scotland)).toBe(scotland);
    expect(normalizeName("Ann\u{E0067}\u{E007F}")).toBe("Ann");
  });

  it("keeps the joiners that spell words in Persian and Indic scripts", () => {
    expect(normalizeName("می\u200cخواهم")).toBe("می\u200cخواهم");
    expect(normalizeName("क्\u200dष")).toBe("क्\u200dष");
  });

  it("keeps a variation selector on a character, and drops one on nothing", () => {
    expect(normalizeName("葛\u{E0100}西")).toBe("葛\u{E0100}西");
    expect(normalizeName("❤\ufe0f")).toBe("❤\ufe0f");
    expect(normalizeName("\ufe0f Ann")).toBe("Ann");
  });

  it("leaves nothing of a name with nothing visible", () => {
    expect(normalizeName("\u200b\u200c\u200d\u2060\ufeff")).toBe("");
    expect(normalizeName(" \u202e \u3164 ")).toBe("");
  });
});

describe("hasLoneSurrogate", () => {
  it("finds half a surrogate pair on its own, and not a whole pair", () => {
    expect(hasLoneSurrogate("\ud800")).toBe(true);
    expect(hasLoneSurrogate("a\udc00b")).toBe(true);
    expect(hasLoneSurrogate("\ude00\ud83d")).toBe(true);
    expect(hasLoneSurrogate("😀 张三")).toBe(false);
  });
});

describe("nameSchema", () => {
  const schema = nameSchema(10);
  const codes = (input: unknown) => {
    const result = schema.safeParse(input);
    return result.success ? [] : fieldProblemsOf(result.error).map((problem) => problem.code);
  };

  it("answers the normalised name", () => {
    expect(schema.parse(" 张\u200b三 ")).toBe("张三");
  });

  it("refuses a lone surrogate with its own code", () => {
    expect(codes("张\ud800")).toEqual(["invalid-characters"]);
  });

  it("refuses a name with nothing visible left as required", () => {
    expect(codes("\u200b\u200b")).toEqual(["required"]);
    expect(codes("")).toEqual(["required"]);
  });

  it("measures the normalised name against the maximum", () => {
    expect(codes(`${"a".repeat(10)}\u200b\u200b`)).toEqual([]);
    expect(codes("a".repeat(11))).toEqual(["too-long"]);
  });
});

describe("searching by a normalised name", () => {
  it("gives a name typed with invisible characters the keys of the clean name", () => {
    expect(searchKeys("张\u200b三")).toEqual(searchKeys("张三"));
    expect(searchKeys("\u202eWei\u202c Zhang")).toEqual(["wei zhang", "zhang"]);
  });

  it("reads a query the same way, joiners and selectors not needed", () => {
    expect(searchForm("张\u200b")).toBe("张");
    expect(searchForm("می\u200cخ")).toBe(searchForm("میخ"));
  });
});

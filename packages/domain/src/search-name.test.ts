import { describe, expect, it } from "vitest";
import { searchKeys } from "./search-name.js";

describe("searchKeys", () => {
  it("finds a Chinese name by its characters, pinyin with or without spaces, and initials", () => {
    expect(searchKeys("张伟")).toEqual(["张伟", "zhangwei", "zhang wei", "zw"]);
  });

  it("reads a surname as a surname", () => {
    expect(searchKeys("单田芳")).toContain("shantianfang");
    expect(searchKeys("曾小明")).toContain("zxm");
  });

  it("finds a Western name by each later word", () => {
    expect(searchKeys("Wei  Zhang")).toEqual(["wei zhang", "zhang"]);
  });

  it("keeps Latin letters inside a Chinese company name as one chunk", () => {
    expect(searchKeys("北京ABC科技")).toContain("beijingabckeji");
  });

  it("folds full-width letters before making keys", () => {
    expect(searchKeys("ＡＢＣ Trading")).toEqual(["abc trading", "trading"]);
  });
});

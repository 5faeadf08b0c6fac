import { describe, expect, it } from "vitest";
import { csvLine, csvRecords, uniqueHeaders } from "./csv.js";

async function* piecesOf(bytes: Uint8Array, size: number) {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function all(iterable: AsyncIterable<string[]>) {
  const records: string[][] = [];
  for await (const record of iterable) records.push(record);
  return records;
}

describe("csvRecords", () => {
  it("reads UTF-8 with a BOM, quotes and line breaks inside cells, split at any byte", async () => {
    const text = '\ufeff姓名,备注\r\n张伟,"说 ""你好""\n第二行"\r\nZoe,plain\r\n';
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 3, 7, 1000]) {
      expect(await all(csvRecords(piecesOf(bytes, size), "utf-8"))).toEqual([
        ["姓名", "备注"],
        ["张伟", '说 "你好"\n第二行'],
        ["Zoe", "plain"],
      ]);
    }
  });

  it("reads GBK, as Chinese Excel saves it", async () => {
    // "姓名\r\n张伟\r\n" in GBK
    const gbk = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a, 0xd5, 0xc5, 0xce, 0xb0, 0x0d, 0x0a]);
    expect(await all(csvRecords(piecesOf(gbk, 5), "gbk"))).toEqual([["姓名"], ["张伟"]]);
  });
});

describe("csv writing", () => {
  it("quotes what needs it and keeps formulas from running", () => {
    expect(csvLine(["a,b", 'say "hi"', "=SUM(A1)", 12, undefined, "-5"])).toBe(
      '"a,b","say ""hi""",\'=SUM(A1),12,,\'-5\r\n',
    );
  });

  it("names blank and repeated headers", () => {
    expect(uniqueHeaders(["Phone", "", "Phone"])).toEqual(["Phone", "Column 2", "Phone (2)"]);
  });
});

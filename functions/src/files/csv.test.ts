import { ImportFileError, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROW_BYTES } from "@crm/domain";
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

/** Reads every record it can, then the problem that stopped it (if any). */
async function readUntilProblem(iterable: AsyncIterable<string[]>) {
  const records: string[][] = [];
  try {
    for await (const record of iterable) records.push(record);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    return { records, problem: error.problem, message: error.message };
  }
  return { records };
}

const CHUNK = 64 * 1024;

/**
 * A file of `total` bytes made on the fly and never held whole: the head,
 * then `line` over and over, in chunks of 64 KiB. Counts the bytes the
 * reader pulled, which bounds what the parser can have buffered.
 */
function generatedFile(head: string, line: string, total: number) {
  const encoder = new TextEncoder();
  const body = encoder.encode(line.repeat(Math.ceil(CHUNK / line.length)));
  const pulled = { bytes: 0 };
  async function* pieces() {
    const first = encoder.encode(head);
    pulled.bytes += first.length;
    yield first;
    for (let sent = first.length; sent < total; sent += body.length) {
      pulled.bytes += body.length;
      yield body;
    }
  }
  return { pieces: pieces(), pulled };
}

describe("csvRecords on broken or oversized files", () => {
  it("fails an unclosed quote in a 64 MB file at the row limit, naming its line, having pulled a sliver of the file", async () => {
    const total = 64 * 1024 * 1024;
    const head = 'name,note\r\nAnn,fine\r\nBob,"the quote that never closes\r\n';
    const file = generatedFile(head, "Carl,more text on another line\r\n", total);
    const read = await readUntilProblem(csvRecords(file.pieces, "utf-8"));
    expect(read.records).toEqual([
      ["name", "note"],
      ["Ann", "fine"],
    ]);
    expect(read.problem).toEqual({ code: "unclosed-quote", line: 3 });
    expect(read.message).toMatch(/^Line 3: .*quote/);
    // The parser cannot hold more than it was given: the row's limit and the one chunk it was cut from.
    expect(file.pulled.bytes).toBeLessThanOrEqual(head.length + MAX_IMPORT_ROW_BYTES + CHUNK);
    expect(file.pulled.bytes).toBeLessThan(total / 100);
  });

  it("fails a row of nothing but separators, which the parser's cell count alone would let grow", async () => {
    const file = generatedFile("name,note\r\n", ",,,,,,,,", 50 * 1024 * 1024);
    const read = await readUntilProblem(csvRecords(file.pieces, "utf-8"));
    expect(read.records).toEqual([["name", "note"]]);
    expect(read.problem).toEqual({ code: "row-too-large", line: 2, limit: MAX_IMPORT_ROW_BYTES });
    expect(file.pulled.bytes).toBeLessThan(MAX_IMPORT_ROW_BYTES + 2 * CHUNK);
  });

  it("fails a one-line row longer than the limit, and names the line the row begins on after a multi-line cell", async () => {
    const long = `name,note\r\n"two\r\nlines",ok\r\nAnn,${"x".repeat(MAX_IMPORT_ROW_BYTES)}\r\nBob,after\r\n`;
    const read = await readUntilProblem(csvRecords(piecesOf(new TextEncoder().encode(long), 1000), "utf-8"));
    expect(read.records).toEqual([
      ["name", "note"],
      ["two\r\nlines", "ok"],
    ]);
    expect(read.problem).toEqual({ code: "row-too-large", line: 4, limit: MAX_IMPORT_ROW_BYTES });
    expect(read.message).toBe(
      "Line 4: the row that begins here is longer than 64 KB, the most one row may hold. Shorten it and upload the file again.",
    );
  });

  it("fails a quote still open at the end of a small file, naming the line its row begins on", async () => {
    const text = 'name,note\n\nAnn,"one\ntwo",x\nBob,ok,"open\nand on\n';
    const read = await readUntilProblem(csvRecords(piecesOf(new TextEncoder().encode(text), 7), "utf-8"));
    expect(read.records).toEqual([
      ["name", "note"],
      ["Ann", "one\ntwo", "x"],
    ]);
    expect(read.problem).toEqual({ code: "unclosed-quote", line: 5 });
  });

  it("takes rows of up to the column limit, and fails the first row past it with its line", async () => {
    const row = (cells: number) => Array.from({ length: cells }, (_, i) => `c${i}`).join(",");
    const text = `${row(MAX_IMPORT_COLUMNS)}\r\n${row(3)}\r\n${row(MAX_IMPORT_COLUMNS + 1)}\r\n${row(3)}\r\n`;
    const read = await readUntilProblem(csvRecords(piecesOf(new TextEncoder().encode(text), 4096), "utf-8"));
    expect(read.records.map((record) => record.length)).toEqual([MAX_IMPORT_COLUMNS, 3]);
    expect(read.problem).toEqual({ code: "too-many-columns", line: 3, limit: MAX_IMPORT_COLUMNS });
  });

  it("does not count blank lines between rows toward a row's size", async () => {
    const text = `name\r\n${"\r\n".repeat(MAX_IMPORT_ROW_BYTES)}Ann\r\n\r\n`;
    const read = await readUntilProblem(csvRecords(piecesOf(new TextEncoder().encode(text), CHUNK), "utf-8"));
    expect(read).toEqual({ records: [["name"], ["Ann"]] });
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

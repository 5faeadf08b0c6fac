import { describe, expect, it } from "vitest";
import { detectEncoding, notTextProblem } from "./encoding.js";

describe("detectEncoding", () => {
  it("tells UTF-8 (with or without BOM) from GBK", () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe("utf-8");
    expect(detectEncoding(new TextEncoder().encode("姓名,电话"))).toBe("utf-8");
    // 张伟 in GBK
    expect(detectEncoding(new Uint8Array([0xd5, 0xc5, 0xce, 0xb0]))).toBe("gbk");
    expect(detectEncoding(new TextEncoder().encode("name,phone"))).toBe("utf-8");
  });

  it("does not mistake a character cut at the end of the sample for GBK", () => {
    const bytes = new TextEncoder().encode("姓名");
    expect(detectEncoding(bytes.slice(0, 4))).toBe("utf-8");
  });
});

describe("files that are not CSV text", () => {
  const bytes = (...values: number[]) => new Uint8Array(values);
  const text = (value: string) => new TextEncoder().encode(value);

  it("are told by their first bytes", () => {
    expect(notTextProblem(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), true)).toEqual({
      code: "import-file-not-text",
      format: "png",
    });
    expect(notTextProblem(text("%PDF-1.7\n%âãÏÓ"), true)).toEqual({
      code: "import-file-not-text",
      format: "pdf",
    });
    expect(notTextProblem(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), true)).toEqual({
      code: "import-file-workbook",
      format: "xls",
    });
    const xlsx = new Uint8Array([
      0x50,
      0x4b,
      0x03,
      0x04,
      ...text("....[Content_Types].xml....xl/workbook.xml"),
    ]);
    expect(notTextProblem(xlsx, true)).toEqual({ code: "import-file-workbook", format: "xlsx" });
    expect(notTextProblem(bytes(0xff, 0xfe, 0x41, 0), true)).toEqual({
      code: "import-file-encoding",
      format: "utf-16",
    });
  });

  it("hold a NUL byte, or read neither as UTF-8 nor as GBK", () => {
    expect(notTextProblem(text("name\n\u0000x"), false)).toEqual({ code: "import-file-not-text" });
    // "Café,12" in Windows-1252.
    expect(notTextProblem(bytes(0x43, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x32), true)).toEqual({
      code: "import-file-encoding",
    });
  });

  it("pass when they are UTF-8 (with or without BOM) or GBK, cut anywhere", () => {
    expect(notTextProblem(text("姓名,电话\r\n张伟,1"), true)).toBeUndefined();
    expect(notTextProblem(new Uint8Array([0xef, 0xbb, 0xbf, ...text("a,b")]), true)).toBeUndefined();
    expect(notTextProblem(bytes(0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb5), true)).toBeUndefined();
    // A later part may begin inside a character.
    expect(notTextProblem(bytes(0xd5, 0xc3, 0xfb), false)).toBeUndefined();
  });
});

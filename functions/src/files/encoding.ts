import type { CsvEncoding } from "@crm/domain";

// What an upload's bytes are, told at the file edge: decoding needs TextDecoder, which the pure domain does not see.

const BOM = [0xef, 0xbb, 0xbf];

const hasUtf8Bom = (bytes: Uint8Array) => BOM.every((byte, index) => bytes[index] === byte);

/**
 * UTF-8 when the file says so (a BOM) or reads as valid UTF-8; otherwise GBK
 * (a superset of GB2312; what Excel in Chinese saves as "CSV"). GBK text is
 * almost never valid UTF-8, while plain ASCII is both and reads the same.
 */
export function detectEncoding(start: Uint8Array): CsvEncoding {
  if (hasUtf8Bom(start)) return "utf-8";
  try {
    // stream: a character cut at the end of the sample is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(start, { stream: true });
    return "utf-8";
  } catch {
    return "gbk";
  }
}

/** Why a file cannot be a CSV file: a workbook, binary data, or text in an encoding the import does not read. */
export type NotTextProblem = {
  code: "import-file-workbook" | "import-file-not-text" | "import-file-encoding";
  /** What the bytes look like, when their first bytes say (png, xlsx, pdf, utf-16…). */
  format?: string;
};

/** The first bytes of formats people upload by mistake. */
const MAGIC: Array<{ format: string; bytes: number[]; at?: number; workbook?: boolean }> = [
  { format: "zip", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { format: "zip", bytes: [0x50, 0x4b, 0x05, 0x06] },
  { format: "xls", bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], workbook: true },
  { format: "png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: "jpeg", bytes: [0xff, 0xd8, 0xff] },
  { format: "gif", bytes: [0x47, 0x49, 0x46, 0x38] },
  { format: "webp", bytes: [0x57, 0x45, 0x42, 0x50], at: 8 },
  { format: "pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { format: "gzip", bytes: [0x1f, 0x8b] },
  { format: "rar", bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { format: "7z", bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { format: "elf", bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

const decodes = (encoding: CsvEncoding, bytes: Uint8Array) => {
  try {
    // stream: a character cut at the end of the sample is not an error.
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether a part of an upload can be CSV text, from its bytes alone: a
 * known binary format by its first bytes (a workbook saved as .xlsx or .xls
 * gets its own problem, with the way out), UTF-16 by its byte order mark,
 * any NUL byte (text has none), and, in the first part, text that reads
 * neither as UTF-8 nor as GBK. Later parts may begin inside a character, so
 * only their NUL bytes are looked at. Undefined when it may be a CSV file.
 */
export function notTextProblem(bytes: Uint8Array, firstPart: boolean): NotTextProblem | undefined {
  if (firstPart) {
    const magic = MAGIC.find(({ bytes: expected, at = 0 }) =>
      expected.every((byte, index) => bytes[at + index] === byte),
    );
    if (magic?.format === "zip") {
      // A zip holding a workbook: Excel's parts live under xl/, an OpenDocument sheet names its type first.
      const names = new TextDecoder("latin1").decode(bytes.subarray(0, 64 * 1024));
      if (names.includes("xl/")) return { code: "import-file-workbook", format: "xlsx" };
      if (names.includes("opendocument.spreadsheet")) return { code: "import-file-workbook", format: "ods" };
    }
    if (magic)
      return { code: magic.workbook ? "import-file-workbook" : "import-file-not-text", format: magic.format };
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
      return { code: "import-file-encoding", format: "utf-16" };
  }
  if (bytes.includes(0)) return { code: "import-file-not-text" };
  if (firstPart) {
    const start = bytes.subarray(0, 64 * 1024);
    if (!hasUtf8Bom(start) && !decodes("utf-8", start) && !decodes("gbk", start))
      return { code: "import-file-encoding" };
  }
  return undefined;
}

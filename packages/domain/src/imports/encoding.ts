/** The encodings a CSV file arrives in: what spreadsheets write, Chinese Excel's GBK included. */
export type CsvEncoding = "utf-8" | "gbk";

const BOM = [0xef, 0xbb, 0xbf];

export const hasUtf8Bom = (bytes: Uint8Array) => BOM.every((byte, index) => bytes[index] === byte);

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

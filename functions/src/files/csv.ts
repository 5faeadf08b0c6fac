import { once } from "node:events";
import type { CsvEncoding } from "@crm/domain";
import { parse } from "csv-parse";

/**
 * The records of a CSV file arriving in pieces, decoded as it streams (a
 * character or a quoted line break may straddle two pieces). csv-parse does
 * the RFC 4180 work: quotes, doubled quotes, CRLF, ragged rows.
 */
export async function* csvRecords(
  pieces: AsyncIterable<Uint8Array>,
  encoding: CsvEncoding,
): AsyncGenerator<string[]> {
  // The decoder drops a UTF-8 BOM; GBK files have none.
  const decoder = new TextDecoder(encoding);
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, relax_quotes: true, trim: false });
  const feeding = (async () => {
    try {
      for await (const piece of pieces) {
        if (!parser.write(decoder.decode(piece, { stream: true }))) await once(parser, "drain");
      }
      parser.end(decoder.decode());
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  for await (const record of parser) yield record as string[];
  await feeding;
}

/** Header names made unique ("Phone", "Phone (2)"), and blank ones named by position. */
export function uniqueHeaders(record: string[]): string[] {
  const seen = new Map<string, number>();
  return record.map((raw, index) => {
    const name = raw.trim() || `Column ${index + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
/** Cells a spreadsheet would run as a formula: = + - @ at the start (CSV injection). */
const FORMULA = /^[=+\-@\t\r]/;

/** One CSV line (CRLF, as Excel writes); text that would start a formula is kept as text. */
export function csvLine(cells: ReadonlyArray<string | number | undefined>): string {
  return `${cells
    .map((cell) => {
      if (cell === undefined) return "";
      if (typeof cell === "number") return String(cell);
      const text = FORMULA.test(cell) ? `'${cell}` : cell;
      return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",")}\r\n`;
}

export const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

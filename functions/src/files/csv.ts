import { finished } from "node:stream/promises";
import {
  type CsvEncoding,
  ImportFileError,
  importFileProblem,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROW_BYTES,
} from "@crm/domain";
import { CsvError, parse } from "csv-parse";

/** Bytes handed to the parser at a time: after each slice, the row being read is measured against the limit. */
const SLICE_BYTES = 16 * 1024;

/**
 * The records of a CSV file arriving in pieces, decoded as it streams (a
 * character or a quoted line break may straddle two pieces). csv-parse does
 * the RFC 4180 work: quotes, doubled quotes, CRLF, ragged rows; blank lines
 * are left out.
 *
 * Memory stays bounded whatever the file: no row may take more than
 * MAX_IMPORT_ROW_BYTES nor have more than MAX_IMPORT_COLUMNS cells. A row
 * past a limit, or a quote never closed (which would swallow the rest of the
 * file into one cell), throws an ImportFileError naming the line where that
 * row begins, after the records before it: the parser has then buffered at
 * most the limit (plus one slice), not the file.
 */
export async function* csvRecords(
  pieces: AsyncIterable<Uint8Array>,
  encoding: CsvEncoding,
): AsyncGenerator<string[]> {
  // The decoder drops a UTF-8 BOM; GBK files have none.
  const decoder = new TextDecoder(encoding);
  // The row being read: the line it begins on (in the file's lines, and as csv-parse counts them), and its
  // offset in the bytes given to the parser.
  let rowLine = 1;
  let parserLine = 1;
  let rowStart = 0;
  let parsed: string[][] = [];
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    trim: false,
    // Blank lines come through as records (dropped below), so that every line end outside quotes starts a new row.
    skip_empty_lines: false,
    // The parser's own check on the cells' text as it buffers it: exact, in the middle of a slice. Separators
    // and quotes it does not count; the check after each slice does (a row of nothing but commas).
    max_record_size: MAX_IMPORT_ROW_BYTES,
    on_record: (record: string[], info) => {
      const line = rowLine;
      // csv-parse counts a CRLF inside a quoted cell as two lines: a row it sees spanning lines is counted from its cells.
      rowLine += 1 + (info.lines > parserLine ? lineBreaksIn(record) : 0);
      parserLine = info.lines + 1;
      rowStart = info.bytes;
      if (record.length > MAX_IMPORT_COLUMNS)
        throw new ImportFileError(importFileProblem("too-many-columns", line));
      if (record.length > 1 || record[0] !== "") parsed.push(record);
      // Kept here rather than in the stream's buffer, which an error would drop: the rows before a problem are read.
      return null;
    },
  });
  // Nothing is pushed to the readable side; flowing lets it end. Errors are taken from each write.
  parser.resume();
  parser.on("error", () => undefined);
  const pastLimit = () =>
    new ImportFileError(
      // A row runs over several lines only inside a quoted cell: a row that long and that open is a quote never closed.
      importFileProblem(parser.info.lines > parserLine ? "unclosed-quote" : "row-too-large", rowLine),
    );
  const problemOf = (error: unknown) => {
    if (error instanceof CsvError && error.code === "CSV_QUOTE_NOT_CLOSED")
      return new ImportFileError(importFileProblem("unclosed-quote", rowLine));
    if (error instanceof CsvError && error.code === "CSV_MAX_RECORD_SIZE") return pastLimit();
    return error;
  };
  const write = (bytes: Uint8Array) =>
    new Promise<Error | null | undefined>((resolve) => parser.write(bytes, (error) => resolve(error)));
  const take = () => {
    const rows = parsed;
    parsed = [];
    return rows;
  };
  let fed = 0;
  async function* feed(text: string) {
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      const slice = bytes.subarray(at, at + SLICE_BYTES);
      const error = await write(slice);
      fed += slice.length;
      yield* take();
      if (error) throw problemOf(error);
      if (fed - rowStart > MAX_IMPORT_ROW_BYTES) throw pastLimit();
    }
  }
  try {
    // A file whose quoting is broken cannot be trusted past that point: nothing more of it is read.
    for await (const piece of pieces) yield* feed(decoder.decode(piece, { stream: true }));
    yield* feed(decoder.decode());
    parser.end();
    const error = await finished(parser).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    yield* take();
    if (error) throw problemOf(error);
  } finally {
    // Stopped early (a reader that took enough) or failed: the parser lets go of what it holds.
    parser.destroy();
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;
/** Line breaks inside a record's cells (a CRLF is one): the lines the record spans past its first. */
const lineBreaksIn = (record: string[]) =>
  record.reduce((count, cell) => count + (cell.match(LINE_BREAK)?.length ?? 0), 0);

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

import { z } from "zod";
import { IMPORT_FILE_PROBLEMS, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROW_BYTES } from "../constants.js";

export type ImportFileProblemCode = (typeof IMPORT_FILE_PROBLEMS)[number];

/** What is wrong with an import file as a whole, and where: kept on the failed run for the person to fix. */
export const ImportFileProblemSchema = z.object({
  code: z.enum(IMPORT_FILE_PROBLEMS),
  /** The line of the file (the header is line 1) where the row at fault begins. */
  line: z.number().int().min(1),
  /** The limit the row went past: bytes for row-too-large, columns for too-many-columns. */
  limit: z.number().int().optional(),
});
export type ImportFileProblem = z.infer<typeof ImportFileProblemSchema>;

const LIMITS: Partial<Record<ImportFileProblemCode, number>> = {
  "row-too-large": MAX_IMPORT_ROW_BYTES,
  "too-many-columns": MAX_IMPORT_COLUMNS,
};

/** The problem with its limit, as the run records it. */
export function importFileProblem(code: ImportFileProblemCode, line: number): ImportFileProblem {
  const limit = LIMITS[code];
  return { code, line, ...(limit !== undefined && { limit }) };
}

/** The problem in the API's English; the web client words it from the code, line and limit. */
function fileProblemMessage(problem: ImportFileProblem): string {
  const { line, limit } = problem;
  switch (problem.code) {
    case "unclosed-quote":
      return `Line ${line}: the row that begins here opens a quote (") that is never closed, so the rest of the file cannot be read. Add the closing quote and upload the file again.`;
    case "row-too-large":
      return `Line ${line}: the row that begins here is longer than ${(limit ?? MAX_IMPORT_ROW_BYTES) / 1024} KB, the most one row may hold. Shorten it and upload the file again.`;
    case "too-many-columns":
      return `Line ${line}: the row that begins here has more than ${limit ?? MAX_IMPORT_COLUMNS} columns, the most a file may have. Remove the extra columns and upload the file again.`;
  }
}

/**
 * A file an import cannot read past some point. Reading it again finds the
 * same, so the run that meets it fails (rather than being retried) with the
 * problem, which names the line to fix.
 */
export class ImportFileError extends Error {
  constructor(readonly problem: ImportFileProblem) {
    super(fileProblemMessage(problem));
    this.name = "ImportFileError";
  }
}

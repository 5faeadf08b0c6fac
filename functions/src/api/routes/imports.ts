import { newJobId } from "@crm/data";
import {
  fail,
  fieldProblem,
  ImportFileError,
  type ImportJob,
  ImportJobSchema,
  ImportRunRequestSchema,
  importTargets,
  invalid,
  mappingProblems,
  NewImportSchema,
  suggestMapping,
} from "@crm/domain";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { detectEncoding, notTextProblem } from "../../files/encoding.js";
import { sealedPage } from "../cursors.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { type Access, protectedRoute } from "../protected-route.js";
import { IdParam, json, jsonBody, pageQuery } from "../schemas.js";

/** At most this many parts: 100 × 4 MiB, far past the 100k rows an import must take. */
const MAX_PARTS = 100;
const SAMPLE_ROWS = 5;
/** Part numbers as a reader takes them in: runs of three or more as first–last ("2, 5–99"). */
function partList(parts: number[]): string {
  const runs: [number, number][] = [];
  for (const part of parts) {
    const last = runs.at(-1);
    if (last && part === last[1] + 1) last[1] = part;
    else runs.push([part, part]);
  }
  return runs
    .flatMap(([from, to]) =>
      to - from >= 2 ? [`${from}–${to}`] : from === to ? [`${from}`] : [`${from}`, `${to}`],
    )
    .join(", ");
}

/** A run that has not saved progress for this long was given up by the queue: another may start. */
const STALE_RUN_MS = 15 * 60_000;

const ImportResponse = ImportJobSchema.meta({ id: "Import" });
/** Imports and exports: bulk work on the whole tenant, for admins and managers. */
export const managers = {
  roles: ["admin", "manager"],
  idempotent: false,
  tags: ["Imports and exports"],
} as const satisfies Access;

const start = protectedRoute(managers, {
  method: "post",
  path: "/v1/imports",
  summary: "Start an import of customers or transactions: then upload the CSV file in parts",
  request: { body: jsonBody(NewImportSchema.meta({ id: "NewImport" })) },
  responses: { 201: json(ImportResponse, "Started"), ...problemResponses(400, 401, 403) },
});

const list = protectedRoute(managers, {
  method: "get",
  path: "/v1/imports",
  summary: "Imports, newest first",
  request: { query: pageQuery(20) },
  responses: {
    200: json(z.object({ items: z.array(ImportResponse), nextCursor: z.string().optional() })),
    ...problemResponses(400, 401, 403),
  },
});

const read = protectedRoute(managers, {
  method: "get",
  path: "/v1/imports/{id}",
  summary: "An import: the file's columns and first rows, a suggested mapping, and its run's progress",
  request: { params: IdParam },
  responses: { 200: json(ImportResponse), ...problemResponses(401, 403, 404) },
});

const upload = protectedRoute(managers, {
  method: "put",
  path: "/v1/imports/{id}/parts/{part}",
  summary: "Upload part n of the file (raw bytes, up to 4 MiB; UTF-8, UTF-8 with BOM or GBK)",
  description:
    "Send Content-Type: application/octet-stream. Parts are joined in order; sending a part again replaces it. Part 1 is read at once for the columns, the encoding and a suggested mapping.",
  request: {
    params: IdParam.extend({
      part: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_PARTS)
        .openapi({ param: { name: "part", in: "path" } }),
    }),
    body: {
      required: true,
      content: {
        "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) },
        "text/csv": { schema: z.string() },
      },
    },
  },
  responses: { 200: json(ImportResponse), ...problemResponses(400, 401, 403, 404, 409, 413, 415) },
});

const runImport = protectedRoute(managers, {
  method: "post",
  path: "/v1/imports/{id}/runs",
  summary: "Run the import with a column mapping: a dry run lists every bad row and writes nothing",
  description:
    "Runs in the background; follow its progress at GET /v1/imports/{id}. Running the same file again creates no duplicates.",
  request: { params: IdParam, body: jsonBody(ImportRunRequestSchema.meta({ id: "ImportRunRequest" })) },
  responses: { 202: json(ImportResponse, "Queued"), ...problemResponses(400, 401, 403, 404, 409) },
});

const problems = protectedRoute(managers, {
  method: "get",
  path: "/v1/imports/{id}/problems",
  summary: "The bad rows of the latest run: row (the header is row 1), column and message",
  request: { params: IdParam, query: pageQuery(100) },
  responses: {
    200: json(
      z.object({
        items: z.array(
          z.object({
            row: z.number().int(),
            /** The column's header; empty when no column of the file holds what the problem is about. */
            column: z.string(),
            /** Then the import target it is about (customFields.budget, currency…); neither: the whole row. */
            field: z.string().optional(),
            code: z.string(),
            message: z.string(),
            params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
          }),
        ),
        nextCursor: z.string().optional(),
      }),
    ),
    ...problemResponses(400, 401, 403, 404),
  },
});

/** The first look at a file: its encoding, header row, first rows, and the mapping its headers suggest. */
async function firstLook(c: { var: AppEnv["Variables"] }, job: ImportJob): Promise<Partial<ImportJob>> {
  const { tenant } = c.var;
  const first = await tenant.imports.firstPiece(job.id);
  if (!first) return {};
  const encoding = detectEncoding(first.subarray(0, 64 * 1024));
  // The CSV reader is loaded by the few requests that read a file, not at a cold start.
  const { csvRecords, uniqueHeaders } = await import("../../files/csv.js");
  const records: string[][] = [];
  // Only the first piece: a record cut at its end is left out unless it is the whole file.
  async function* only() {
    yield first as Uint8Array;
  }
  try {
    for await (const record of csvRecords(only(), encoding)) {
      records.push(record);
      if (records.length > SAMPLE_ROWS + 1) break;
    }
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    // The header row itself cannot be read: say so now, as nothing can be mapped.
    if (records.length === 0) {
      const { code, ...params } = error.problem;
      throw invalid([{ ...fieldProblem("(body)", `file-${code}`, params), message: error.message }]);
    }
    // A problem further on (or a quote left open where the piece was cut) is the run's to report, reading the
    // whole file: the rows before it make the sample.
  }
  const headers = uniqueHeaders(records[0] ?? []);
  const fields = await tenant.customFields.list();
  return {
    encoding,
    headers,
    sample: records.slice(1, SAMPLE_ROWS + 1),
    suggestedMapping: suggestMapping(headers, importTargets(job.entity, fields), fields, records.slice(1)),
  };
}

const running = (job: ImportJob) => job.run?.status === "queued" || job.run?.status === "running";

export function registerImports(app: OpenAPIHono<AppEnv>) {
  app.openapi(start, async (c) => {
    const { tenant, principal, deps } = c.var;
    const now = nowOf(deps);
    const job = await tenant.imports.create(
      {
        ...c.req.valid("json"),
        id: newJobId(now),
        createdAt: now.toISOString(),
        createdBy: principal.userId,
        createdByName: principal.name,
        parts: 0,
        bytes: 0,
      },
      now,
    );
    c.header("location", `/v1/imports/${job.id}`);
    return c.json(job, 201);
  });

  app.openapi(list, async (c) => {
    const { limit } = c.req.valid("query");
    return c.json(await sealedPage(c, (cursor) => c.var.tenant.imports.list({ cursor, limit })), 200);
  });

  app.openapi(read, async (c) => c.json(await c.var.tenant.imports.get(c.req.valid("param").id), 200));

  app.openapi(upload, async (c) => {
    const { tenant, deps } = c.var;
    const { id, part } = c.req.valid("param");
    const job = await tenant.imports.get(id);
    if (running(job)) throw fail("import-running");
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw invalid([fieldProblem("(body)", "part-empty")]);
    // An image, a PDF or a workbook chosen by mistake is refused at once, kept nowhere.
    const notText = notTextProblem(bytes, part === 1);
    if (notText) throw fail(notText.code, notText.format ? { format: notText.format } : {});
    await tenant.imports.putPart(id, part, bytes, nowOf(deps));
    const grown = part > job.parts ? { parts: part, bytes: job.bytes + bytes.length } : {};
    const look = part === 1 ? await firstLook(c, job) : {};
    await tenant.imports.set(id, { ...grown, ...look });
    return c.json({ ...job, ...grown, ...look }, 200);
  });

  app.openapi(runImport, async (c) => {
    const { tenant, deps } = c.var;
    const { id } = c.req.valid("param");
    const request = c.req.valid("json");
    const job = await tenant.imports.get(id);
    if (!job.headers) throw fail("import-needs-header");
    const now = nowOf(deps);
    const stale = new Date(now.getTime() - STALE_RUN_MS).toISOString();
    if (running(job) && (job.run?.heartbeatAt ?? "") >= stale) throw fail("import-running");
    // A part whose upload failed would leave its rows out without a word: every part up to the last must be there.
    const missingParts = await tenant.imports.missingParts(id, job.parts);
    if (missingParts.length > 0)
      throw fail("import-parts-missing", { missingParts, missing: partList(missingParts), parts: job.parts });
    const fields = await tenant.customFields.list();
    const found = mappingProblems(
      job.entity,
      request.mapping,
      importTargets(job.entity, fields),
      job.headers,
    );
    if (found.length > 0) throw invalid(found);
    const run = {
      no: (job.run?.no ?? 0) + 1,
      dryRun: request.dryRun,
      mapping: request.mapping,
      status: "queued" as const,
      done: 0,
      created: 0,
      existing: 0,
      failed: 0,
      checkpoint: 1,
      heartbeatAt: now.toISOString(),
    };
    // Only one run at a time, even when two people press the button at once.
    const started = await tenant.imports.startRun(id, run, stale);
    if (!started) throw fail("import-running");
    await deps.enqueue([{ job: "import", tenantId: tenant.tenant.tenantId, importId: id, run: run.no }]);
    return c.json({ ...job, run }, 202);
  });

  app.openapi(problems, async (c) => {
    const { id } = c.req.valid("param");
    const job = await c.var.tenant.imports.get(id);
    if (!job.run) return c.json({ items: [] }, 200);
    const { limit } = c.req.valid("query");
    const run = job.run.no;
    return c.json(
      await sealedPage(c, (cursor) => c.var.tenant.imports.problems(id, run, { cursor, limit })),
      200,
    );
  });
}

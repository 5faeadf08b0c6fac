import { newJobId } from "@crm/data";
import { ExportJobSchema, fieldProblem, invalid, NewExportSchema } from "@crm/domain";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { IdParam, json, jsonBody } from "../schemas.js";
import { managers } from "./imports.js";

const ExportResponse = ExportJobSchema.meta({ id: "Export" });

const start = protectedRoute(managers, {
  method: "post",
  path: "/v1/exports",
  summary: "Export customers (a list's filter) or their transactions as CSV, in the background",
  request: { body: jsonBody(NewExportSchema.meta({ id: "NewExport" })) },
  responses: { 202: json(ExportResponse, "Queued"), ...problemResponses(400, 401, 403) },
});

const read = protectedRoute(managers, {
  method: "get",
  path: "/v1/exports/{id}",
  summary: "An export's progress; when done, how many parts its file has",
  request: { params: IdParam },
  responses: { 200: json(ExportResponse), ...problemResponses(401, 403, 404) },
});

const file = protectedRoute(managers, {
  method: "get",
  path: "/v1/exports/{id}/file",
  summary: "Part n of the finished file (UTF-8 with BOM, opens in Excel); join the parts in order",
  request: {
    params: IdParam,
    query: z.object({ part: z.coerce.number().int().min(1).max(1000).default(1) }),
  },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

export function registerExports(app: OpenAPIHono<AppEnv>) {
  app.openapi(start, async (c) => {
    const { tenant, principal, deps } = c.var;
    const { entity, filter } = c.req.valid("json");
    const chosen = (["owner", "stage", "tag", "segment", "churnRisk"] as const).filter((key) => filter[key]);
    if (chosen.length > 1)
      throw invalid(chosen.map((path) => fieldProblem(`filter.${path}`, "one-filter-only")));
    const now = nowOf(deps);
    const job = await tenant.exports.create(
      {
        id: newJobId(now),
        entity,
        filter: { ...filter, ...(filter.owner === "me" && { owner: principal.userId }) },
        status: "queued",
        fileName: `${entity}-${now.toISOString().slice(0, 10)}.csv`,
        createdAt: now.toISOString(),
        createdBy: principal.userId,
        done: 0,
        rows: 0,
        parts: 0,
        bytes: 0,
      },
      now,
    );
    await deps.enqueue([{ job: "export", tenantId: tenant.tenant.tenantId, exportId: job.id }]);
    c.header("location", `/v1/exports/${job.id}`);
    return c.json(job, 202);
  });

  app.openapi(read, async (c) => c.json(await c.var.tenant.exports.get(c.req.valid("param").id), 200));

  app.openapi(file, async (c) => {
    const { id } = c.req.valid("param");
    const { part } = c.req.valid("query");
    const job = await c.var.tenant.exports.get(id);
    if (job.status !== "done") throw invalid([fieldProblem("id", "export-not-finished")]);
    if (part > job.parts) throw invalid([fieldProblem("part", "part-out-of-range", { parts: job.parts })]);
    const pieces: Uint8Array[] = [];
    for await (const piece of c.var.tenant.exports.pieces(id, { from: part, to: part })) pieces.push(piece);
    const body = Buffer.concat(pieces);
    c.header("content-type", "text/csv; charset=utf-8");
    c.header(
      "content-disposition",
      `attachment; filename="${job.parts > 1 ? job.fileName.replace(".csv", `-part${part}.csv`) : job.fileName}"`,
    );
    c.header("x-export-parts", String(job.parts));
    return c.body(body, 200);
  });
}

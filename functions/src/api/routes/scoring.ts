import type { StoredScoringRun } from "@crm/data";
import {
  checkSeesTenantFigures,
  fieldProblem,
  invalid,
  localDate,
  ModelFitSchema,
  ScoringRunSchema,
  ScoringSummarySchema,
} from "@crm/domain";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { startScoring } from "../../jobs/scoring-job.js";
import { sealedPage } from "../cursors.js";
import { tenantSettings } from "../customer-access.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { callersRecords, idempotent } from "../idempotency.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { IdParam, json, pageQuery } from "../schemas.js";

const RunResponse = ScoringRunSchema.meta({ id: "ScoringRun" });
const RunPage = z
  .object({ items: z.array(RunResponse), nextCursor: z.string().optional() })
  .meta({ id: "ScoringRunPage" });

const idempotentStart = idempotent("scoring.start", {
  records: callersRecords,
});

const start = protectedRoute(
  { roles: ["admin"], idempotent: true, tags: ["Scoring and analytics"] },
  {
    method: "post",
    path: "/v1/scoring/runs",
    summary: "Score every customer now (admins); a stuck run continues from its checkpoint instead",
    responses: {
      202: json(RunResponse, "Queued (or the stuck run, continuing)"),
      ...problemResponses(401, 403, 409),
    },
  },
);

const list = protectedRoute(
  { roles: ["admin", "manager"], idempotent: false, tags: ["Scoring and analytics"] },
  {
    method: "get",
    path: "/v1/scoring/runs",
    summary: "Scoring runs, newest first: status, progress, models, duration and capacity",
    request: { query: pageQuery(20) },
    responses: { 200: json(RunPage), ...problemResponses(400, 401, 403) },
  },
);

const read = protectedRoute(
  { roles: ["admin", "manager"], idempotent: false, tags: ["Scoring and analytics"] },
  {
    method: "get",
    path: "/v1/scoring/runs/{id}",
    summary: "One scoring run, with the fitted parameters and, when done, the night's summary",
    request: { params: IdParam },
    responses: { 200: json(RunResponse), ...problemResponses(401, 403, 404) },
  },
);

const Summary = z
  .object({
    runId: z.string().optional(),
    date: z.string().optional(),
    finishedAt: z.string().optional(),
    models: ModelFitSchema.optional(),
    segments: z.array(z.object({ key: z.string(), name: z.string().optional() })),
    summary: ScoringSummarySchema.optional(),
  })
  .meta({ id: "AnalyticsSummary" });

const summary = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Scoring and analytics"] },
  {
    method: "get",
    path: "/v1/analytics/summary",
    summary:
      "The latest night's figures: RFM grid, segments, ABC and Pareto, CLV deciles, churn, stages, movement",
    responses: { 200: json(Summary), ...problemResponses(401, 403) },
  },
);

const Migration = z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    nights: z.array(z.string()),
    segments: z.array(z.string()),
    cells: z.array(z.object({ from: z.string(), to: z.string(), customers: z.number() })),
  })
  .meta({ id: "SegmentMigration" });

const migration = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Scoring and analytics"] },
  {
    method: "get",
    path: "/v1/analytics/migration",
    summary: "How customers moved between segments from one night to another (default: the two latest)",
    request: {
      query: z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
    },
    responses: { 200: json(Migration), ...problemResponses(400, 401, 403) },
  },
);

/** A run as the API shows it: its working checkpoint stays inside. */
const shown = ({ checkpoint: _checkpoint, version: _version, ...run }: StoredScoringRun) => run;
const listed = (run: StoredScoringRun) => {
  const { summary: _summary, ...rest } = shown(run);
  return rest;
};

export function registerScoring(app: OpenAPIHono<AppEnv>) {
  /** Tenant-wide figures: for admins and managers, and for reps where reps see every customer. */
  const seesTenant = async (c: Parameters<Parameters<typeof app.openapi>[1]>[0]) => {
    if (c.var.principal.role !== "rep") return;
    checkSeesTenantFigures(c.var.principal, (await tenantSettings(c)).settings.repVisibility);
  };

  app.openapi(start, (c) =>
    idempotentStart(c, async () => {
      const { tenant, principal, deps } = c.var;
      const now = nowOf(deps);
      const { settings } = await tenantSettings(c);
      const { run } = await startScoring(
        tenant,
        { trigger: "manual", date: localDate(now, settings.timeZone), requestedBy: principal.userId },
        now,
        deps.enqueue,
      );
      c.header("location", `/v1/scoring/runs/${run.id}`);
      return c.json(shown(run), 202);
    }),
  );

  app.openapi(list, async (c) => {
    const { limit } = c.req.valid("query");
    const page = await sealedPage(c, (cursor) => c.var.tenant.scoring.list({ cursor, limit }));
    return c.json(
      { items: page.items.map(listed), ...(page.nextCursor && { nextCursor: page.nextCursor }) },
      200,
    );
  });

  app.openapi(read, async (c) => c.json(shown(await c.var.tenant.scoring.get(c.req.valid("param").id)), 200));

  app.openapi(summary, async (c) => {
    await seesTenant(c);
    const [latest, { settings }] = await Promise.all([c.var.tenant.scoring.latestDone(), tenantSettings(c)]);
    const segments = settings.scoring.segments.map(({ key, name }) => ({ key, ...(name && { name }) }));
    if (!latest) return c.json({ segments }, 200);
    return c.json(
      {
        runId: latest.id,
        date: latest.date,
        ...(latest.finishedAt && { finishedAt: latest.finishedAt }),
        ...(latest.models && { models: latest.models }),
        segments,
        ...(latest.summary && { summary: latest.summary }),
      },
      200,
    );
  });

  app.openapi(migration, async (c) => {
    await seesTenant(c);
    const query = c.req.valid("query");
    const { tenant } = c.var;
    const nights = await tenant.scoring.nights();
    const to = query.to ?? nights[0];
    const from = query.from ?? nights.find((night) => to !== undefined && night < to);
    if (from && to && from >= to) throw invalid([fieldProblem("from", "night-order")]);
    const { settings } = await tenantSettings(c);
    const segments = settings.scoring.segments.map((rule) => rule.key);
    if (!from || !to) return c.json({ nights, segments, cells: [] }, 200);
    const [before, after] = await Promise.all([
      tenant.scoring.segmentsOn(from),
      tenant.scoring.segmentsOn(to),
    ]);
    const cells = new Map<string, number>();
    const count = (fromSegment: string, toSegment: string) => {
      const key = `${fromSegment}>${toSegment}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    };
    for (const [id, segment] of after) count(before.get(id) ?? "none", segment);
    for (const [id, segment] of before) if (!after.has(id)) count(segment, "none");
    return c.json(
      {
        from,
        to,
        nights,
        segments,
        cells: [...cells].map(([key, customers]) => {
          const [fromSegment = "none", toSegment = "none"] = key.split(">");
          return { from: fromSegment, to: toSegment, customers };
        }),
      },
      200,
    );
  });
}

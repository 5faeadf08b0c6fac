import { type Capacity, newJobId, type StoredScoringRun, type TenantData } from "@crm/data";
import {
  type CustomerScore,
  type FittedModels,
  fail,
  fitModels,
  isStale,
  type LifecycleStage,
  type ModelFit,
  type ModelHistory,
  modelHistory,
  parametersOf,
  Reservoir,
  type ScoringSettings,
  ScoringSummaryBuilder,
  sameScore,
  scoreCustomer,
  scoreInputs,
  TenantDistribution,
} from "@crm/domain";
import { type Clock, clockOf, systemClock } from "./clock.js";
import type { JobContext } from "./job-context.js";

/** Customers read per page; each page is scored, written and checkpointed together. */
export const SCORING_PAGE = 500;
/**
 * The models are fitted on a uniform sample of at most this many customers.
 * With the value histograms (a few thousand entries whatever the tenant's
 * size) and one page, this bounds the job's memory: about 10 MB of working
 * data for any number of customers.
 */
export const FIT_SAMPLE = 50_000;
/** A Lambda with less time left than this hands the run to its continuation. */
const MIN_TIME_LEFT_MS = 60_000;

type Start = { trigger: "nightly" | "manual"; date: string; requestedBy?: string };

/**
 * Starts a run, or says which one is under way. The nightly run is once per
 * night (claimed by date); a night asked again, or a run asked for while
 * one is stuck, continues the unfinished run from its checkpoint.
 */
export async function startScoring(
  tenant: TenantData,
  start: Start,
  now: Date,
  enqueue: JobContext["enqueue"],
): Promise<{ run: StoredScoringRun; started: boolean }> {
  const continueIfStuck = async (run: StoredScoringRun) => {
    if (isStale(run, now))
      await enqueue([{ job: "scoring", tenantId: tenant.tenant.tenantId, runId: run.id }]);
    return { run, started: false };
  };
  const id = newJobId(now);
  if (start.trigger === "nightly") {
    const holder = await tenant.scoring.claimNight(start.date, id, now);
    if (holder !== id) {
      const existing = await tenant.scoring.find(holder);
      if (existing) return continueIfStuck(existing);
    }
  } else {
    const { items } = await tenant.scoring.list({ limit: 5 });
    const unfinished = items.find((run) => run.status !== "done" && run.status !== "failed");
    if (unfinished && !isStale(unfinished, now)) {
      throw fail("scoring-run-under-way", { existingId: unfinished.id });
    }
    if (unfinished) return continueIfStuck(unfinished);
  }
  const run = await tenant.scoring.create(
    {
      id,
      date: start.date,
      trigger: start.trigger,
      ...(start.requestedBy && { requestedBy: start.requestedBy }),
      status: "queued",
      createdAt: now.toISOString(),
      progress: { done: 0, total: 0 },
      written: 0,
      unchanged: 0,
      capacity: { read: 0, write: 0 },
      resumed: 0,
      checkpoint: { page: 0 },
      version: 0,
    },
    now,
  );
  await enqueue([{ job: "scoring", tenantId: tenant.tenant.tenantId, runId: run.id }]);
  return { run, started: true };
}

const toRecord = (
  models: FittedModels,
  sampled: number,
  customers: number,
  repeatBuyers: number,
): ModelFit => ({
  model: models.model,
  ...(models.reason && { reason: models.reason }),
  customers,
  repeatBuyers,
  sampled,
  repeatRate: models.repeatRate,
  averagePurchase: models.averagePurchase,
  ...parametersOf(models),
});

const fromRecord = (fit: ModelFit): FittedModels => ({
  model: fit.model,
  ...(fit.reason && { reason: fit.reason as FittedModels["reason"] }),
  repeatRate: fit.repeatRate,
  averagePurchase: fit.averagePurchase,
  customers: fit.customers,
  repeatBuyers: fit.repeatBuyers,
  ...(fit.bgnbd && { bgnbd: { ...fit.bgnbd, logLikelihood: fit.bgnbd.ll, iterations: 0, converged: true } }),
  ...(fit.gammaGamma && {
    gammaGamma: {
      ...fit.gammaGamma,
      logLikelihood: fit.gammaGamma.ll,
      iterations: 0,
      converged: true,
      customers: fit.repeatBuyers,
    },
  }),
});

/** First pass: every customer's inputs into the distributions and the fit's sample; then the fit. */
async function fitPass(
  tenant: TenantData,
  run: StoredScoringRun,
  settings: ScoringSettings,
  timeZone: string,
  capacity: Capacity,
) {
  const distribution = new TenantDistribution();
  const sample = new Reservoir<ModelHistory>(FIT_SAMPLE);
  let total = 0;
  let repeatBuyers = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await tenant.customers.scoringPage(cursor, SCORING_PAGE, capacity, { scores: false });
    for (const customer of page.customers) {
      total++;
      const inputs = scoreInputs(customer.purchases, run.date, settings.abc.windowMonths, timeZone);
      if (!inputs) continue;
      distribution.add(inputs);
      const history = modelHistory(inputs);
      if (history.x > 0) repeatBuyers++;
      sample.add(history);
    }
    cursor = page.next;
  } while (cursor);
  const models = fitModels(sample.sample);
  return {
    distribution,
    total,
    models: toRecord(models, sample.sample.length, sample.count, repeatBuyers),
  };
}

/**
 * Runs (or continues) a scoring run: the fit pass when the run has no
 * models yet, then the scoring pass from its checkpoint, page by page: each
 * customer's new score against the stored one, only changed scores written,
 * the night's segment record and the summary gathered as it goes. Every
 * time it records (start, heartbeats, finish, duration, the records'
 * expiry) comes from `now`.
 */
export async function runScoring(
  tenant: TenantData,
  runId: string,
  context: JobContext,
  now: Date | Clock = systemClock,
  pageSize = SCORING_PAGE,
) {
  const clock = clockOf(now);
  let run = await tenant.scoring.get(runId);
  if (run.status === "done" || run.status === "failed") return { runId, status: run.status };
  const { settings } = await tenant.settings.get(true);
  const scoring = settings.scoring;
  const capacity: Capacity = { ...run.capacity };
  const begun = clock();
  /** Saves progress with a heartbeat at `at`: one reading of the clock for all a checkpoint stamps. */
  const save = async (changes: Partial<StoredScoringRun>, at = clock()) => {
    const saved = await tenant.scoring.checkpoint(
      run,
      { ...changes, capacity: { ...capacity }, heartbeatAt: at.toISOString() },
      capacity,
    );
    if (!saved) return false;
    run = saved;
    return true;
  };
  if (
    !(await save(
      run.startedAt ? { resumed: run.resumed + 1 } : { startedAt: begun.toISOString(), status: "fitting" },
      begun,
    ))
  )
    return { runId, status: "taken over" };

  let distribution: TenantDistribution;
  if (!run.models) {
    const fitted = await fitPass(tenant, run, scoring, settings.timeZone, capacity);
    distribution = fitted.distribution;
    await tenant.scoring.saveDistribution(run.id, distribution.toJSON(), clock(), capacity);
    const ok = await save({
      status: "scoring",
      models: fitted.models,
      progress: { done: 0, total: fitted.total },
      checkpoint: { page: 0, segments: scoring.segments.map((rule) => rule.key) },
    });
    if (!ok) return { runId, status: "taken over" };
  } else {
    distribution = TenantDistribution.from(
      (await tenant.scoring.loadDistribution(run.id, capacity)) as ReturnType<TenantDistribution["toJSON"]>,
    );
  }
  const models = fromRecord(run.models as ModelFit);
  const segments = run.checkpoint.segments ?? scoring.segments.map((rule) => rule.key);
  const night = { runId: run.id, asOf: run.date, models, distribution, settings: scoring };
  const summary = run.checkpoint.summary
    ? ScoringSummaryBuilder.from(run.checkpoint.summary as ReturnType<ScoringSummaryBuilder["toJSON"]>)
    : new ScoringSummaryBuilder();
  let cursor = run.checkpoint.cursor;
  for (;;) {
    const page = await tenant.customers.scoringPage(cursor, pageSize, capacity);
    const changes: Array<{
      before: (typeof page.customers)[number];
      score: CustomerScore | undefined;
      stage: LifecycleStage;
    }> = [];
    const ids: string[] = [];
    const codes: number[] = [];
    let unchanged = 0;
    for (const customer of page.customers) {
      const inputs = scoreInputs(customer.purchases, run.date, scoring.abc.windowMonths, settings.timeZone);
      const fresh = inputs && scoreCustomer(customer.id, inputs, night);
      const score = fresh && sameScore(customer.score, fresh) ? customer.score : fresh;
      const stage = customer.lifecycleStagePinned ? customer.lifecycleStage : (score?.stage ?? "prospect");
      summary.add(score, customer.score?.segment, stage);
      if (score) {
        ids.push(customer.id);
        codes.push(Math.max(0, segments.indexOf(score.segment)));
      }
      if (score === customer.score && stage === customer.lifecycleStage) unchanged++;
      else changes.push({ before: customer, score, stage });
    }
    const saved = await tenant.customers.saveScores(changes, capacity);
    const pageNumber = run.checkpoint.page + 1;
    if (ids.length > 0) {
      await tenant.scoring.saveSegmentPage(
        run.date,
        pageNumber,
        { runId: run.id, segments, ids, codes },
        clock(),
        capacity,
      );
    }
    cursor = page.next;
    const done = run.progress.done + page.customers.length;
    const finished = !cursor;
    const at = clock();
    const ok = await save(
      {
        progress: { done, total: Math.max(run.progress.total, done) },
        written: run.written + saved.filter(Boolean).length,
        unchanged: run.unchanged + unchanged,
        checkpoint: { ...run.checkpoint, cursor, page: pageNumber, summary: summary.toJSON() },
        ...(finished && {
          status: "done" as const,
          finishedAt: at.toISOString(),
          // From the first start, continuations and their waits in the queue included.
          durationMs: at.getTime() - Date.parse(run.startedAt ?? begun.toISOString()),
          summary: summary.result(segments, distribution.revenue),
        }),
      },
      at,
    );
    if (!ok) return { runId, status: "taken over" };
    if (finished)
      return {
        runId,
        status: "done",
        written: run.written,
        unchanged: run.unchanged,
        ms: clock().getTime() - begun.getTime(),
      };
    if (context.timeLeft() < MIN_TIME_LEFT_MS) {
      await context.enqueue([{ job: "scoring", tenantId: tenant.tenant.tenantId, runId }]);
      return { runId, status: "continues" };
    }
  }
}

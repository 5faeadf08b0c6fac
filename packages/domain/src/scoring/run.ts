import { z } from "zod";
import { ABC_CLASSES, CHURN_RISKS, LIFECYCLE_STAGES } from "../constants.js";
import type { CustomerScore } from "./customer-score.js";
import { ValueHistogram } from "./rank.js";

export const SCORING_RUN_STATUSES = ["queued", "fitting", "scoring", "done", "failed"] as const;
/** A run whose heartbeat is older than this has died: asking again continues it from its checkpoint. */
export const SCORING_STALE_MS = 15 * 60_000;

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number()])) as Record<K, z.ZodNumber>);

export const ScoringSummarySchema = z.object({
  customers: z.number(),
  prospects: z.number(),
  /** RFM heat map: customers and net revenue by recency (rows, 1–5) and frequency (columns, 1–5). */
  grid: z.array(z.array(z.object({ customers: z.number(), revenue: z.number() }))),
  segments: z.array(
    z.object({ key: z.string(), customers: z.number(), revenue: z.number(), predicted: z.number() }),
  ),
  abc: z.object({
    classes: z.array(z.object({ abc: z.enum(ABC_CLASSES), customers: z.number(), revenue: z.number() })),
    /** Cumulative share of window revenue held by the top share of customers. */
    pareto: z.array(z.object({ customers: z.number(), share: z.number() })),
  }),
  clvDeciles: z.array(
    z.object({ group: z.number(), customers: z.number(), average: z.number(), total: z.number() }),
  ),
  churn: z.array(z.object({ churnRisk: z.enum(CHURN_RISKS), customers: z.number(), value: z.number() })),
  stages: counts(LIFECYCLE_STAGES),
  /** Customers by (segment before this run, segment after): "none" for those without one before. */
  migration: z.array(z.object({ from: z.string(), to: z.string(), customers: z.number() })),
  fallback: z.number(),
});
export type ScoringSummary = z.infer<typeof ScoringSummarySchema>;

const empty = () => ({ customers: 0, revenue: 0, predicted: 0 });
type Tally = ReturnType<typeof empty>;
const entry = (tallies: Record<string, Tally>, key: string): Tally => {
  const found = tallies[key] ?? empty();
  tallies[key] = found;
  return found;
};

/** The night's figures, gathered customer by customer as the scores are made; survives a checkpoint as JSON. */
export class ScoringSummaryBuilder {
  customers = 0;
  prospects = 0;
  fallback = 0;
  grid = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => ({ customers: 0, revenue: 0 })));
  segments: Record<string, ReturnType<typeof empty>> = {};
  abc: Record<string, ReturnType<typeof empty>> = {};
  churn: Record<string, ReturnType<typeof empty>> = {};
  stages: Record<string, number> = {};
  migration: Record<string, number> = {};
  clv = new ValueHistogram(2);

  /** Adds a customer's new score (and the segment they had before), or a prospect (no score) with their stage. */
  add(score: CustomerScore | undefined, before: string | undefined, stage: string) {
    this.stages[stage] = (this.stages[stage] ?? 0) + 1;
    if (!score) {
      this.prospects++;
      return;
    }
    this.customers++;
    if (score.model === "fallback") this.fallback++;
    const cell = this.grid[score.rfm.r - 1]?.[score.rfm.f - 1];
    if (cell) {
      cell.customers++;
      cell.revenue += score.historicalValue;
    }
    const segment = entry(this.segments, score.segment);
    segment.customers++;
    segment.revenue += score.historicalValue;
    segment.predicted += score.predictedValue;
    const abc = entry(this.abc, score.abc);
    abc.customers++;
    abc.revenue += score.inputs.windowRevenue;
    const churn = entry(this.churn, score.churnRisk);
    churn.customers++;
    churn.revenue += score.historicalValue;
    const move = `${before ?? "none"}>${score.segment}`;
    this.migration[move] = (this.migration[move] ?? 0) + 1;
    this.clv.add(score.predictedValue);
  }

  toJSON() {
    const { clv, ...rest } = this;
    return { ...rest, clv: clv.toJSON() };
  }

  static from(json: ReturnType<ScoringSummaryBuilder["toJSON"]>) {
    const builder = new ScoringSummaryBuilder();
    Object.assign(builder, { ...json, clv: ValueHistogram.from(json.clv, 2) });
    return builder;
  }

  /** The summary, with the Pareto curve read off the night's revenue distribution. */
  result(segmentOrder: readonly string[], revenue: ValueHistogram): ScoringSummary {
    return {
      customers: this.customers,
      prospects: this.prospects,
      grid: this.grid,
      segments: segmentOrder.map((key) => ({ key, ...(this.segments[key] ?? empty()) })),
      abc: {
        classes: ABC_CLASSES.map((abc) => ({
          abc,
          customers: this.abc[abc]?.customers ?? 0,
          revenue: this.abc[abc]?.revenue ?? 0,
        })),
        pareto: revenue.paretoCurve(20),
      },
      clvDeciles: this.clv.groupAverages(10),
      churn: CHURN_RISKS.map((churnRisk) => ({
        churnRisk,
        customers: this.churn[churnRisk]?.customers ?? 0,
        value: this.churn[churnRisk]?.revenue ?? 0,
      })),
      stages: Object.fromEntries(
        LIFECYCLE_STAGES.map((stage) => [stage, this.stages[stage] ?? 0]),
      ) as ScoringSummary["stages"],
      migration: Object.entries(this.migration).map(([move, customers]) => {
        const [from = "none", to = ""] = move.split(">");
        return { from, to, customers };
      }),
      fallback: this.fallback,
    };
  }
}

export const ModelFitSchema = z.object({
  model: z.enum(["bgnbd", "fallback"]),
  reason: z.string().optional(),
  customers: z.number(),
  repeatBuyers: z.number(),
  /** How many customers the fit read (a uniform sample past the bound). */
  sampled: z.number(),
  repeatRate: z.number(),
  averagePurchase: z.number(),
  /** The fitted parameters and log-likelihood (ll), as parametersOf gives them. */
  bgnbd: z
    .object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), ll: z.number() })
    .optional(),
  gammaGamma: z.object({ p: z.number(), q: z.number(), v: z.number(), ll: z.number() }).optional(),
});
export type ModelFit = z.infer<typeof ModelFitSchema>;

/** A scoring run as the API shows it. */
export const ScoringRunSchema = z.object({
  id: z.string(),
  /** The tenant's local date the scores are as of. */
  date: z.string(),
  trigger: z.enum(["nightly", "manual"]),
  requestedBy: z.string().optional(),
  status: z.enum(SCORING_RUN_STATUSES),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  heartbeatAt: z.string().optional(),
  durationMs: z.number().optional(),
  progress: z.object({ done: z.number(), total: z.number() }),
  models: ModelFitSchema.optional(),
  /** Scores written (changed) and left (unchanged). */
  written: z.number(),
  unchanged: z.number(),
  /** DynamoDB capacity units the run consumed. */
  capacity: z.object({ read: z.number(), write: z.number() }),
  /** How many times the run continued from its checkpoint. */
  resumed: z.number(),
  error: z.string().optional(),
  summary: ScoringSummarySchema.optional(),
});
export type ScoringRun = z.infer<typeof ScoringRunSchema>;

/** An unfinished run whose heartbeat stopped: its worker died; asking again continues it. */
export function isStale(run: Pick<ScoringRun, "status" | "heartbeatAt" | "createdAt">, now: Date) {
  if (run.status === "done" || run.status === "failed") return false;
  return now.getTime() - Date.parse(run.heartbeatAt ?? run.createdAt) > SCORING_STALE_MS;
}

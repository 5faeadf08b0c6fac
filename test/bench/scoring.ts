/**
 * Benchmark of issue 5 (Differentiate).
 *
 * 1. Compute alone, on N synthetic customers (default 1,000,000) drawn from
 *    the BG/NBD story: the job's first pass (distributions and the fit's
 *    sample), the fit on the sample as the job does it and on all customers,
 *    and the second pass (every customer's score and the night's summary),
 *    in customers per second, with the process's memory after each phase.
 *    Customers are generated twice from a seed, never held, as the job reads
 *    pages: the memory is the job's own. Baseline in the same run: the
 *    generation loop alone.
 * 2. End to end on the embedded stack with M customers (default 100,000):
 *    profiles with their purchase aggregates written straight to DynamoDB
 *    Local, then a run through the API, twice (the second night has no new
 *    data), and a third time after a tenth of the customers bought again:
 *    duration, and capacity units read and written per customer and per
 *    changed (written) customer as DynamoDB Local reports them
 *    (ReturnConsumedCapacity TOTAL: the table's units and each index's, as
 *    AWS bills them).
 *
 *   npx pnpm@10 bench:scoring [--compute 1000000] [--customers 100000]
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { collections, createDocumentClient, createDynamoClient, keys } from "@crm/data";
import {
  applyTransaction,
  DEFAULT_SCORING,
  fitBgNbd,
  fitGammaGamma,
  fitModels,
  groupHistories,
  loadNameReadings,
  type ModelHistory,
  modelHistory,
  nameOrderKey,
  noPurchases,
  type Purchases,
  Reservoir,
  type ScoreInputs,
  ScoringSummaryBuilder,
  scoreCustomer,
  scoreInputs,
  spendData,
  TenantDistribution,
} from "@crm/domain";
import { startEmbeddedStack } from "@crm/embedded/stack";
import { dynamoConnection } from "@crm/functions/config";
import { FIT_SAMPLE } from "@crm/functions/jobs/scoring-job";
import { random } from "./random.js";
import { stackApi } from "./stack-api.js";

const { values: args } = parseArgs({
  options: {
    compute: { type: "string", default: "1000000" },
    customers: { type: "string", default: "100000" },
  },
});
const COMPUTE = Number(args.compute);
const CUSTOMERS = Number(args.customers);
const AS_OF = "2026-11-22";
const TIME_ZONE = "Asia/Shanghai";
const DAY = 86_400_000;

const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const mb = () => round(process.memoryUsage().rss / 1e6, 0);
/** Live heap after a full collection (the script runs with --expose-gc): what the work holds, garbage aside. */
const liveMB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return round(process.memoryUsage().heapUsed / 1e6, 1);
};

/** Gamma(shape, 1) by Marsaglia and Tsang. */
function gamma(rand: () => number, shape: number): number {
  if (shape < 1) return gamma(rand, shape + 1) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(rand() || 1e-12) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * A customer's purchase aggregates from the BG/NBD story (r 0.25, α 4 weeks,
 * a 0.8, b 2.4) over the two years to AS_OF, spend from Gamma-Gamma (p 6,
 * q 3.7, ν scaled to yuan in fen).
 */
function customerPurchases(rand: () => number): Purchases {
  const rate = gamma(rand, 0.25) / 4; // purchases a week
  const x = gamma(rand, 0.8);
  const dropOut = x / (x + gamma(rand, 2.4));
  const nu = gamma(rand, 3.7) / 1_500;
  const end = Date.parse(`${AS_OF}T12:00:00Z`);
  let at = end - Math.floor(rand() * 730) * DAY;
  let purchases = noPurchases("CNY");
  for (let n = 0; n < 200; n++) {
    purchases = applyTransaction(
      purchases,
      {
        kind: "purchase",
        amount: Math.max(100, Math.round(gamma(rand, 6) / nu)),
        occurredAt: new Date(at).toISOString(),
      },
      { timeZone: TIME_ZONE, newDay: true },
    );
    if (rand() < dropOut || rate <= 0) break;
    at += Math.ceil((-Math.log(1 - rand()) / rate) * 7) * DAY;
    if (at > end) break;
  }
  return purchases;
}

function* synthetic(count: number): Generator<{ id: string; inputs: ScoreInputs }> {
  const rand = random(2026);
  for (let i = 0; i < count; i++) {
    const inputs = scoreInputs(customerPurchases(rand), AS_OF, 12, TIME_ZONE);
    if (inputs) yield { id: `c${i}`, inputs };
  }
}

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, (performance.now() - started) / 1000];
}

function computeAlone() {
  log(`compute alone: ${COMPUTE} synthetic customers`);
  const memory: Record<string, number> = { start: mb() };
  const live: Record<string, number> = { start: liveMB() };
  const generate = () => {
    let n = 0;
    for (const _ of synthetic(COMPUTE)) n++;
    return n;
  };
  // Twice: the first warms the JIT up, the second is the baseline.
  generate();
  const [generated, generateSeconds] = timed(generate);
  memory.afterBaseline = mb();
  log(`  baseline (generation alone): ${round(generateSeconds)} s`);
  const distribution = new TenantDistribution();
  const sample = new Reservoir<ModelHistory>(FIT_SAMPLE);
  const [, firstPassSeconds] = timed(() => {
    for (const { inputs } of synthetic(COMPUTE)) {
      distribution.add(inputs);
      sample.add(modelHistory(inputs));
    }
  });
  memory.afterFirstPass = mb();
  live.afterFirstPass = liveMB();
  const [models, fitSeconds] = timed(() => fitModels(sample.sample));
  memory.afterFit = mb();
  live.afterFit = liveMB();
  log(
    `  first pass ${round(firstPassSeconds)} s; fit on the ${sample.sample.length}-customer sample ${round(fitSeconds)} s`,
    models.bgnbd,
  );
  const summary = new ScoringSummaryBuilder();
  const night = { runId: "bench", asOf: AS_OF, models, distribution, settings: DEFAULT_SCORING };
  const [, scoreSeconds] = timed(() => {
    for (const { id, inputs } of synthetic(COMPUTE)) {
      const score = scoreCustomer(id, inputs, night);
      summary.add(score, undefined, score.stage);
    }
  });
  memory.afterScoring = mb();
  live.afterScoring = liveMB();
  log(`  second pass (scoring) ${round(scoreSeconds)} s`);
  // For comparison: the fit on every customer, which the job does not do (it needs them all in memory).
  const all: ModelHistory[] = [];
  for (const { inputs } of synthetic(COMPUTE)) all.push(modelHistory(inputs));
  const [full, fullFitSeconds] = timed(() => ({
    bgnbd: fitBgNbd(groupHistories(all)),
    gammaGamma: fitGammaGamma(spendData(all)),
  }));
  memory.withAllHistoriesHeld = mb();
  live.withAllHistoriesHeld = liveMB();
  log(`  fit on all ${all.length} customers ${round(fullFitSeconds)} s`, full.bgnbd);
  const net = (seconds: number) => Math.max(seconds - generateSeconds, 1e-9);
  return {
    customers: generated,
    baselineGenerationSeconds: round(generateSeconds),
    firstPass: {
      seconds: round(firstPassSeconds),
      customersPerSecond: round(generated / net(firstPassSeconds), 0),
      withGenerationPerSecond: round(generated / firstPassSeconds, 0),
    },
    fitOnSample: {
      customers: sample.sample.length,
      seconds: round(fitSeconds),
      customersPerSecond: round(sample.sample.length / fitSeconds, 0),
      bgnbd: models.bgnbd,
      gammaGamma: models.gammaGamma,
    },
    fitOnAll: {
      customers: all.length,
      seconds: round(fullFitSeconds),
      customersPerSecond: round(all.length / fullFitSeconds, 0),
      bgnbd: full.bgnbd,
      gammaGamma: full.gammaGamma,
    },
    scoring: {
      seconds: round(scoreSeconds),
      customersPerSecond: round(generated / net(scoreSeconds), 0),
      withGenerationPerSecond: round(generated / scoreSeconds, 0),
    },
    rssMB: memory,
    liveHeapMB: live,
    summarySegments: summary.result(
      DEFAULT_SCORING.segments.map((rule) => rule.key),
      distribution.revenue,
    ).segments,
  };
}

async function endToEnd() {
  log(`end to end: ${CUSTOMERS} customers on the embedded stack`);
  const stack = await startEmbeddedStack({ tenantLimit: { ratePerSecond: 1e6, burst: 1e6 } });
  const api = stackApi(stack.url);
  try {
    const email = `bench-${Date.now()}@bench.example`;
    const password = "Bench-Password-2026";
    const signup = await api("POST", "/v1/signup", undefined, {
      companyName: "Bench Ltd",
      adminName: "Bench Admin",
      adminEmail: email,
      password,
      locale: "zh-CN",
    });
    const tenantId: string = signup.tenantId;
    const token: string = (await api("POST", "/v1/auth/login", undefined, { email, password })).accessToken;
    const me = await api("GET", "/v1/me", token);
    const ownerId: string = me.user.id;
    const doc = createDocumentClient(createDynamoClient(dynamoConnection(stack.config)));
    const table = stack.config.tableName;
    // Profiles as the repository writes them (its index keys included), with aggregates from the BG/NBD story.
    const rand = random(7);
    const started = performance.now();
    let batch: Record<string, unknown>[] = [];
    const inFlight: Promise<void>[] = [];
    const write = async (items: Record<string, unknown>[]) => {
      let requests = items.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const { UnprocessedItems } = await doc.send(
          new BatchWriteCommand({ RequestItems: { [table]: requests } }),
        );
        requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    };
    // Every tenth customer buys again before the third night.
    const buyingAgain: Record<string, unknown>[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const id = crypto.randomUUID();
      const name = `客户${String(i).padStart(6, "0")}`;
      const purchases = customerPurchases(rand);
      const at = purchases.lastAt ?? new Date().toISOString();
      const byName = nameOrderKey(name, id);
      batch.push({
        ...keys.customer(tenantId, id),
        id,
        kind: "person",
        type: "consumer",
        name,
        emails: [],
        phones: [],
        tags: [],
        ownerId,
        lifecycleStage: "prospect",
        createdAt: at,
        updatedAt: at,
        lastActivityAt: at,
        version: 1,
        purchases,
        purchasesVersion: purchases.count,
        gsi1pk: collections.customersByName(tenantId),
        gsi1sk: byName,
        gsi2pk: collections.customersByOwner(tenantId, ownerId),
        gsi2sk: `${at}#${id}`,
        gsi3pk: collections.customersByStage(tenantId, "prospect"),
        gsi3sk: byName,
      });
      if (i % 10 === 0) buyingAgain.push(batch.at(-1) as Record<string, unknown>);
      if (batch.length === 25) {
        inFlight.push(write(batch));
        batch = [];
        if (inFlight.length >= 8) await Promise.all(inFlight.splice(0));
      }
      if (i % 25_000 === 0) log(`  ${i} profiles written`);
    }
    if (batch.length > 0) inFlight.push(write(batch));
    await Promise.all(inFlight);
    const loadSeconds = (performance.now() - started) / 1000;
    log(`  ${CUSTOMERS} profiles in ${round(loadSeconds)} s`);
    const night = async (label: string) => {
      const run = await api("POST", "/v1/scoring/runs", token);
      let lastLog = 0;
      for (;;) {
        await new Promise((done) => setTimeout(done, 1000));
        const current = await api("GET", `/v1/scoring/runs/${run.id}`, token);
        if (performance.now() - lastLog > 30_000) {
          log(`  ${label}: ${current.status} ${current.progress.done} of ${current.progress.total}`);
          lastLog = performance.now();
        }
        if (current.status === "done") {
          const figures = {
            seconds: round(current.durationMs / 1000),
            customersPerSecond: round(current.progress.total / (current.durationMs / 1000), 0),
            written: current.written,
            // None changed: the night's own records are all it wrote (writeUnitsPerCustomer says how much).
            writeUnitsPerChangedCustomer:
              current.written > 0 ? round(current.capacity.write / current.written, 3) : null,
            unchanged: current.unchanged,
            readUnitsPerCustomer: round(current.capacity.read / current.progress.total, 3),
            writeUnitsPerCustomer: round(current.capacity.write / current.progress.total, 3),
            capacity: current.capacity,
            model: current.models.model,
            bgnbd: current.models.bgnbd,
            gammaGamma: current.models.gammaGamma,
          };
          log(`  ${label}`, figures);
          return figures;
        }
      }
    };
    const first = await night("first night");
    const second = await night("second night, no new data");
    const today = new Date().toISOString();
    const bought = buyingAgain.map((item) => {
      const purchases = applyTransaction(
        item.purchases as Purchases,
        { kind: "purchase", amount: 20_000 + Math.round(rand() * 50) * 1_000, occurredAt: today },
        { timeZone: TIME_ZONE, newDay: true },
      );
      return { ...item, purchases, purchasesVersion: purchases.count, lastActivityAt: today };
    });
    for (let start = 0; start < bought.length; start += 25 * 8) {
      await Promise.all(
        Array.from({ length: 8 }, (_, k) => bought.slice(start + k * 25, start + (k + 1) * 25))
          .filter((part) => part.length > 0)
          .map(write),
      );
    }
    const third = await night("third night, a tenth bought again");
    const perCustomer = (figures: { writeUnitsPerCustomer: number }) => figures.writeUnitsPerCustomer;
    log(
      `write units per customer: first night ${perCustomer(first)}, second night (no new data) ${perCustomer(second)}; third night ${third.writeUnitsPerChangedCustomer} per changed customer (${third.written} changed)`,
    );
    return { customers: CUSTOMERS, loadSeconds: round(loadSeconds), first, second, third };
  } finally {
    await stack.stop();
  }
}

async function main() {
  const compute = COMPUTE > 0 ? computeAlone() : undefined;
  const embedded = CUSTOMERS > 0 ? await endToEnd() : undefined;
  const figures = { compute, embedded, node: process.version, at: new Date().toISOString() };
  const out = resolve(import.meta.dirname, "../artifacts");
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, "bench-scoring.json"), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(JSON.stringify(figures, null, 2));
}

// Sort forms of Chinese names need the pinyin dictionary (name-readings.ts).
await loadNameReadings();
await main();

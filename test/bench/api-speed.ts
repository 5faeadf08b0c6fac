/**
 * Issue 12's speed figures, each next to its baseline in the same run:
 *
 * - GET one customer through the API (GET /v1/customers/:id) against a raw
 *   GetItem of the same item (DocumentClient GetCommand, same DynamoDB Local),
 *   samples interleaved; p50 and p95 of each and their ratio (target p50 ≤ 1.5×).
 *   Both go over node:http with a kept-alive connection (the SDK's handler is
 *   node:http too): the ratio compares the API's work, not two HTTP clients.
 * - The API Lambda bundle's module load against a minimal Hono + DynamoDB
 *   DocumentClient + zod bundle, built alike and loaded by fresh processes
 *   (target ≤ 1.3×), with what weighs most in the API bundle.
 *
 * Starts its own embedded stack, in memory, on free ports:
 *   npx -y pnpm@10 bench:api [--samples 300] [--load-rounds 7]
 */
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";
import { BatchGetCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, createDynamoClient, keys } from "@crm/data";
import { startEmbeddedStack } from "@crm/embedded/stack";
import { dynamoConnection } from "@crm/functions/config";
import { measureModuleLoad } from "./module-load.js";
import { stackApi } from "./stack-api.js";

const { values: args } = parseArgs({
  options: {
    samples: { type: "string", default: "300" },
    "load-rounds": { type: "string", default: "9" },
  },
});
const SAMPLES = Number(args.samples);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const PASSWORD = "Bench-Password-2026";

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;
const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

async function getOneCustomer() {
  log("starting the embedded stack");
  const stack = await startEmbeddedStack({ tenantLimit: { ratePerSecond: 1e6, burst: 1e6 } });
  const dynamo = createDynamoClient(dynamoConnection(stack.config));
  const doc = createDocumentClient(dynamo);
  try {
    const api = stackApi(stack.url);
    const email = `bench-api-${Date.now()}@bench.example`;
    const { tenantId } = await api("POST", "/v1/signup", undefined, {
      companyName: "Bench Ltd",
      adminName: "Bench Admin",
      adminEmail: email,
      password: PASSWORD,
      locale: "zh-CN",
    });
    const { accessToken } = await api("POST", "/v1/auth/login", undefined, { email, password: PASSWORD });
    const { id } = await api("POST", "/v1/customers", accessToken, {
      kind: "person",
      name: "张伟",
      phones: ["138 1234 5678"],
      emails: ["zhang.wei@bench.example"],
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const viaApi = () =>
      new Promise<void>((resolve, reject) => {
        const get = request(
          `${stack.url}/v1/customers/${id}`,
          { agent, headers: { authorization: `Bearer ${accessToken}` } },
          (response) => {
            if (response.statusCode !== 200) reject(new Error(`GET answered ${response.statusCode}`));
            response.on("data", () => undefined);
            response.on("end", resolve);
          },
        );
        get.on("error", reject);
        get.end();
      });
    const rawGet = () =>
      doc.send(new GetCommand({ TableName: stack.config.tableName, Key: keys.customer(tenantId, id) }));
    // What the API reads for the page since scores have their own item: the profile and its score item at once.
    const rawBatchGet = () =>
      doc.send(
        new BatchGetCommand({
          RequestItems: {
            [stack.config.tableName]: {
              Keys: [keys.customer(tenantId, id), keys.customerSegment(tenantId, id)],
            },
          },
        }),
      );
    const paths = [viaApi, rawGet, rawBatchGet] as const;
    const samples = new Map<(typeof paths)[number], number[]>(paths.map((path) => [path, []]));
    // Warm every path (connections, JIT, the API's per-instance caches) before counting.
    for (let round = 0; round < 30; round++) for (const path of paths) await path();
    for (let round = 0; round < SAMPLES; round++) {
      // Rotate which goes first, so none always follows another.
      for (let turn = 0; turn < paths.length; turn++) {
        const call = paths[(round + turn) % paths.length] as (typeof paths)[number];
        const started = performance.now();
        await call();
        samples.get(call)?.push(performance.now() - started);
      }
    }
    agent.destroy();
    const figures = (path: (typeof paths)[number]) => {
      const taken = samples.get(path) ?? [];
      return { p50: quantile(taken, 0.5), p95: quantile(taken, 0.95) };
    };
    return { api: figures(viaApi), raw: figures(rawGet), rawBatch: figures(rawBatchGet) };
  } finally {
    dynamo.destroy();
    await stack.stop();
  }
}

const started = performance.now();
const get = await getOneCustomer();
log("building and loading the bundles");
const rounds = Number(args["load-rounds"]);
const load = await measureModuleLoad(rounds);

console.log("\nGET one customer, interleaved, same run:");
console.log(
  `  API  GET /v1/customers/:id  p50 ${ms(get.api.p50)}  p95 ${ms(get.api.p95)}  (${SAMPLES} samples)`,
);
console.log(`  raw  GetItem of the item     p50 ${ms(get.raw.p50)}  p95 ${ms(get.raw.p95)}`);
console.log(
  `  ratio p50 ${(get.api.p50 / get.raw.p50).toFixed(2)}×  p95 ${(get.api.p95 / get.raw.p95).toFixed(2)}×  (target p50 ≤ 1.5×)`,
);
console.log(
  `  raw  BatchGet of the profile and its score item (what the API reads)  p50 ${ms(get.rawBatch.p50)}  p95 ${ms(get.rawBatch.p95)}`,
);
console.log(
  `  ratio to that read p50 ${(get.api.p50 / get.rawBatch.p50).toFixed(2)}×  p95 ${(get.api.p95 / get.rawBatch.p95).toFixed(2)}×`,
);
console.log(
  `\nModule load, fresh node processes, ${rounds} loads each, interleaved, same run (median, fastest):`,
);
console.log(
  `  API Lambda bundle           ${ms(load.apiMs)}  ${ms(load.apiMinMs)}  (${load.apiKb} KiB parsed at start)`,
);
console.log(
  `  Hono + DocumentClient + zod ${ms(load.baselineMs)}  ${ms(load.baselineMinMs)}  (${load.baselineKb} KiB)`,
);
console.log(
  `  ratio median ${load.ratio.toFixed(2)}×  fastest ${load.minRatio.toFixed(2)}×  (target ≤ 1.3×)`,
);
console.log(
  `  cold start with its first request: module load ${ms(load.firstRequest.loadMs)}, then GET /v1/customers/:id answered (401, no token: its routes loaded, every middleware run, no database) at ${ms(load.firstRequest.answeredMs)} (median)`,
);
console.log("  heaviest inputs of the API bundle's start (KiB):");
for (const { path, kb } of load.heaviest) console.log(`    ${String(kb).padStart(5)}  ${path}`);
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(0);

/**
 * Module load of the API Lambda's bundle next to a minimal Hono + DynamoDB
 * DocumentClient + zod bundle, both built with the options every Lambda is
 * built with (infra/lib/lambda-bundle.ts) and loaded, in turn, by fresh
 * `node` processes.
 * Used by bench:api (api-speed.ts); alone: npx tsx test/bench/module-load.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { LAMBDA_BUNDLE, LAMBDA_PLUGINS } from "../../infra/lib/lambda-bundle.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** What the baseline does at load: an app with a route, a DocumentClient, a zod schema. */
const BASELINE = `
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { z } from "zod";
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));
const Id = z.object({ id: z.string().min(1) });
const app = new Hono();
app.get("/v1/customers/:id", async (c) => {
  const { id } = Id.parse(c.req.param());
  const { Item } = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: id, sk: "C" } }));
  return c.json(Item ?? null);
});
export const handler = handle(app);
`;

/** A Lambda's environment as infra gives the API (infra/lib/api.ts, crm-stack.ts; no local stand-ins). */
const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: "us-east-1",
  TABLE_NAME: "crm-bench",
  TABLE_ARN: "arn:aws:dynamodb:us-east-1:123456789012:table/crm-bench",
  TENANT_TABLE_PREFIX: "crm-bench-tenant-",
  TENANT_ACCESS_ROLE_ARN: "arn:aws:iam::123456789012:role/crm-bench-tenant-access",
  DEPLOYMENT_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:crm-bench",
  USER_POOL_ID: "us-east-1_bench",
  USER_POOL_CLIENT_ID: "bench",
  LIMITS_TABLE_NAME: "crm-bench-limits",
  JOB_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/crm-bench-jobs",
  WEB_URL: "https://crm.example.com",
  MAIL_FROM: "CRM <no-reply@crm.example.com>",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  POWERTOOLS_SERVICE_NAME: "crm-api",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

export type Bundle = {
  entry: string;
  meta: Metafile;
  /** Bytes parsed at load: the entry and what it imports statically. */
  startBytes: number;
};

async function bundle(
  entry: string,
  outdir: string,
  options: { nodePaths?: string[]; plugins?: Plugin[] } = {},
): Promise<Bundle> {
  const { metafile } = await build({
    ...LAMBDA_BUNDLE,
    ...options,
    entryPoints: [entry],
    outdir,
    metafile: true,
    logLevel: "error",
  });
  if (!metafile) throw new Error("esbuild gave no metafile");
  const main = join(outdir, "index.mjs");
  return { entry: main, meta: metafile, startBytes: startBytes(metafile, main) };
}

function startBytes(meta: Metafile, entry: string): number {
  const outputs = new Map(Object.entries(meta.outputs).map(([path, output]) => [resolve(path), output]));
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of outputs.get(path)?.imports ?? [])
      if (imported.kind === "import-statement" && !imported.external) visit(resolve(imported.path));
  };
  visit(resolve(entry));
  return [...seen].reduce((sum, path) => sum + (outputs.get(path)?.bytes ?? 0), 0);
}

export async function buildBundles() {
  const dir = mkdtempSync(join(tmpdir(), "crm-module-load-"));
  const baselineEntry = join(dir, "baseline-entry.ts");
  writeFileSync(baselineEntry, BASELINE);
  // The API is built as infra builds it, with the Lambdas' plugins (zod without its translations).
  const api = await bundle(join(ROOT, "functions/src/lambda/api.ts"), join(dir, "api"), {
    plugins: LAMBDA_PLUGINS,
  });
  // The baseline is the libraries as they come, built with the same options; it resolves its
  // packages where the API's modules do.
  const baseline = await bundle(baselineEntry, join(dir, "baseline"), {
    nodePaths: [join(ROOT, "functions/node_modules"), join(ROOT, "packages/data/node_modules")],
  });
  return { api, baseline, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Milliseconds from a fresh process's start of import() to the module (and its top level) done. */
export function loadTime(bundle: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(bundle)}); process.stdout.write(String(performance.now() - t));`;
  return Number(runFresh(script));
}

/**
 * A cold start's first request: a fresh process imports the API bundle, then
 * its handler answers GET /v1/customers/:id (an API Gateway event, no token:
 * 401). That loads the request's route group and runs every middleware, with
 * no database or identity provider to wait for. Milliseconds to the module
 * loaded, and to the answer.
 */
export function firstRequestTime(bundle: string): { loadMs: number; answeredMs: number; status: number } {
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/v1/customers/01BENCHCUSTOMER",
    rawQueryString: "",
    headers: { host: "api.crm.example.com", accept: "application/json" },
    requestContext: {
      accountId: "123456789012",
      apiId: "bench",
      domainName: "api.crm.example.com",
      http: {
        method: "GET",
        path: "/v1/customers/01BENCHCUSTOMER",
        protocol: "HTTP/1.1",
        sourceIp: "192.0.2.1",
        userAgent: "bench",
      },
      requestId: "bench-request",
      routeKey: "$default",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
  const script = `const t = performance.now();
const { handler } = await import(${JSON.stringify(bundle)});
const loaded = performance.now() - t;
const { statusCode } = await handler(${JSON.stringify(event)}, { awsRequestId: "bench-request" });
process.stdout.write(JSON.stringify({ loadMs: loaded, answeredMs: performance.now() - t, status: statusCode }));`;
  return JSON.parse(runFresh(script));
}

function runFresh(script: string): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH ?? "", ...LAMBDA_ENV },
    cwd: tmpdir(),
    encoding: "utf8",
  });
}

/** The biggest packages parsed at load (the entry and its static imports), by bytes in the output. */
export function heaviestInputs(bundle: Bundle, count = 12): Array<{ path: string; kb: number }> {
  const byPackage = new Map<string, number>();
  const atStart = new Set<string>();
  const outputs = Object.entries(bundle.meta.outputs);
  const entry = resolve(bundle.entry);
  const visit = (path: string) => {
    if (atStart.has(path)) return;
    atStart.add(path);
    const output = outputs.find(([name]) => resolve(name) === path)?.[1];
    for (const imported of output?.imports ?? [])
      if (imported.kind === "import-statement" && !imported.external) visit(resolve(imported.path));
  };
  visit(entry);
  for (const [name, output] of outputs) {
    if (!atStart.has(resolve(name))) continue;
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg =
        /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path;
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([path, bytes]) => ({ path, kb: Math.round(bytes / 1024) }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const least = (values: number[]) => Math.min(...values);

/** Loads each bundle `rounds` times, interleaved, and gives the medians and the fastest. */
export async function measureModuleLoad(rounds = 9) {
  const bundles = await buildBundles();
  try {
    const api: number[] = [];
    const baseline: number[] = [];
    loadTime(bundles.api.entry); // the first load of each warms the file cache, not counted
    loadTime(bundles.baseline.entry);
    const firstRequests: ReturnType<typeof firstRequestTime>[] = [];
    for (let round = 0; round < rounds; round++) {
      api.push(loadTime(bundles.api.entry));
      baseline.push(loadTime(bundles.baseline.entry));
      firstRequests.push(firstRequestTime(bundles.api.entry));
    }
    const statuses = new Set(firstRequests.map(({ status }) => status));
    if (statuses.size !== 1 || !statuses.has(401)) {
      throw new Error(`the first request answered ${[...statuses].join(", ")}, not 401`);
    }
    return {
      apiMs: median(api),
      baselineMs: median(baseline),
      ratio: median(api) / median(baseline),
      // On a shared machine the fastest load is the one least disturbed by others.
      apiMinMs: least(api),
      baselineMinMs: least(baseline),
      minRatio: least(api) / least(baseline),
      apiKb: Math.round(bundles.api.startBytes / 1024),
      baselineKb: Math.round(bundles.baseline.startBytes / 1024),
      heaviest: heaviestInputs(bundles.api),
      /** Module load and the first GET /v1/customers/:id answered, in one fresh process (medians). */
      firstRequest: {
        loadMs: median(firstRequests.map(({ loadMs }) => loadMs)),
        answeredMs: median(firstRequests.map(({ answeredMs }) => answeredMs)),
      },
    };
  } finally {
    bundles.cleanUp();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureModuleLoad(Number(process.env.ROUNDS ?? 5));
  console.log(JSON.stringify(result, null, 2));
}

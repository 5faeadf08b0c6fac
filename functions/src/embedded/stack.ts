import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDynamoClient, ensureTable } from "@crm/data";
import { serve } from "@hono/node-server";
import { createApi } from "../api/app.js";
import type { ApiDeps } from "../api/env.js";
import { TENANT_LIMIT, TenantLimiter } from "../api/tenant-limiter.js";
import type { ApiConfig } from "../config.js";
import { createDeps } from "../deps.js";
import { LocalJobQueue } from "../jobs/local-queue.js";
import { createStore } from "../store.js";
import { startCognitoLocal } from "./cognito-local.js";
import { assertJava, startDynamoLocal } from "./dynamodb-local.js";
import { freePort } from "./ports.js";
import { startLocalScheduler } from "./scheduler.js";
import { webApp } from "./web.js";

export type EmbeddedOptions = {
  /** Keep data here between runs; without it everything lives in memory and a temp folder. */
  dataDir?: string;
  /** The port of the CRM (web and API); 0 or unset picks a free one. */
  port?: number;
  host?: string;
  /** The built web client to serve; unset serves the API alone. */
  webDist?: string;
  /** Run the hourly job scheduler (start does; tests run jobs when they choose). */
  scheduler?: boolean;
  /** Requests per tenant; tests raise it, since a test suite is burstier than any company. */
  tenantLimit?: typeof TENANT_LIMIT;
};

export type EmbeddedStack = {
  url: string;
  config: ApiConfig;
  deps: ApiDeps;
  /** Background jobs (imports, exports, nightly): tests can wait for them to finish. */
  jobs: LocalJobQueue;
  stop: () => Promise<void>;
};

export const POOLED_TABLE = "crm";
export const TENANT_TABLE_PREFIX = "crm-tenant-";

/**
 * The whole CRM on one machine: DynamoDB Local, cognito-local, the API and
 * the web client on one origin. `start` and the tests both use this.
 */
export async function startEmbeddedStack(options: EmbeddedOptions = {}): Promise<EmbeddedStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    // Without a data dir, what would be kept (the identity provider's state, this install's secrets) goes to a temp folder.
    const keptDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "crm-embedded-"));
    if (!options.dataDir) stops.push(async () => rmSync(keptDir, { recursive: true, force: true }));
    const cognitoDir = join(keptDir, "cognito");
    const [dynamoPort, cognitoPort] = [await freePort(), await freePort()];
    assertJava();
    // Both start at once; whichever started is stopped again if the other failed.
    const [dynamoStart, cognitoStart] = await Promise.allSettled([
      startDynamoLocal({ port: dynamoPort, dataDir: options.dataDir && join(options.dataDir, "dynamodb") }),
      startCognitoLocal({ port: cognitoPort, dataDir: cognitoDir }),
    ]);
    for (const start of [dynamoStart, cognitoStart])
      if (start.status === "fulfilled") stops.push(start.value.stop);
    if (dynamoStart.status === "rejected") throw dynamoStart.reason;
    if (cognitoStart.status === "rejected") throw cognitoStart.reason;
    const [dynamo, cognito] = [dynamoStart.value, cognitoStart.value];

    const dynamoClient = createDynamoClient({ endpoint: dynamo.endpoint });
    await ensureTable(dynamoClient, POOLED_TABLE);
    dynamoClient.destroy();

    const host = options.host ?? "127.0.0.1";
    const port = options.port || (await freePort());
    const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
    const config: ApiConfig = {
      region: "local",
      tableName: POOLED_TABLE,
      tenantTablePrefix: TENANT_TABLE_PREFIX,
      dynamoEndpoint: dynamo.endpoint,
      userPoolId: cognito.userPoolId,
      userPoolClientId: cognito.userPoolClientId,
      cognitoEndpoint: cognito.endpoint,
      deploymentSecretFile: join(keptDir, "secrets", "deployment.key"),
    };
    const store = createStore(config);
    const jobs = new LocalJobQueue(store);
    stops.push(() => jobs.stop());
    const deps = {
      ...createDeps(config, jobs.enqueue),
      store,
      limiter: new TenantLimiter(options.tenantLimit ?? TENANT_LIMIT),
    };
    const api = createApi(deps);
    const web = options.webDist ? webApp(options.webDist, { apiBase: "/v1" }) : api;
    // One origin, as CloudFront gives in AWS: /v1 is the API, everything else the web client.
    const fetch = (request: Request) =>
      (new URL(request.url).pathname.startsWith("/v1") ? api : web).fetch(request);

    const server = serve({ fetch, port, hostname: host });
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ("closeAllConnections" in server) server.closeAllConnections();
        }),
    );
    if (options.scheduler) stops.push(startLocalScheduler(deps.store, jobs.enqueue).stop);
    return { url, config, deps, jobs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { createDynamoClient, ensureTable, LIMITS_TABLE_DESIGN } from "@crm/data";
import { createApi } from "@crm/functions/api/app";
import type { ApiDeps } from "@crm/functions/api/env";
import { RATE_LIMITS, type RateLimits } from "@crm/functions/api/rate-limit-policy";
import { TENANT_LIMIT, TenantLimiter } from "@crm/functions/api/tenant-limiter";
import { type ApiConfig, issuerOf } from "@crm/functions/config";
import { createDeps } from "@crm/functions/deps";
import { TokenVerifier } from "@crm/functions/identity/token-verifier";
import { upgradeTenantData } from "@crm/functions/jobs/data-upgrades";
import { LOCAL_REGION, POOLED_TABLE, TENANT_TABLE_PREFIX } from "@crm/functions/ops/running-stack";
import { deploymentSecretFileIn, serviceCredentials } from "@crm/functions/service-credentials";
import { API_ITEM_CACHE_MS, createStore } from "@crm/functions/store";
import { serve } from "@hono/node-server";
import { createLocalJWKSet } from "jose";
import { startCognitoLocal } from "./cognito-local.js";
import { assertJava, startDynamoLocal } from "./dynamodb-local.js";
import { refuseForeignHosts } from "./host-guard.js";
import { LocalJobQueue } from "./local-queue.js";
import { startMailCatcher } from "./mail-catcher.js";
import { freePort } from "./ports.js";
import { startLocalScheduler } from "./scheduler.js";
import { type SupervisedPart, supervise } from "./supervise.js";
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
  /** Per-address and per-account limits of the public routes; tests raise them, since all their requests come from 127.0.0.1. */
  rateLimits?: RateLimits;
  /**
   * How long the API trusts a tenant's registry record (unset: 60 s). Tests
   * set 0: they move tenants under the running API and cannot wait a minute.
   */
  registryCacheSeconds?: number;
  /** The mail catcher's web inbox port; 0 or unset picks a free one. */
  mailPort?: number;
};

export type EmbeddedStack = {
  url: string;
  config: ApiConfig;
  deps: ApiDeps;
  /** Background jobs (imports, exports, nightly): tests can wait for them to finish. */
  jobs: LocalJobQueue;
  /** The private key tokens are signed with (PEM, owner-only): tests forge tokens with it. */
  signingKeyFile: string;
  /** The mail catcher's web inbox, where every mail the stack sends lands; its REST API is under /api. */
  mailInboxUrl: string;
  /** The supervised child processes: a test kills one (by its pid) to see the stack live through it. */
  parts: { dynamodb: SupervisedPart; identity: SupervisedPart; mail: SupervisedPart };
  stop: () => Promise<void>;
};

export const LIMITS_TABLE = "crm-limits";

/**
 * The whole CRM on one machine: DynamoDB Local, cognito-local, the API and
 * the web client on one origin. `start` and the tests both use this.
 */
export async function startEmbeddedStack(options: EmbeddedOptions = {}): Promise<EmbeddedStack> {
  const stops: Array<() => Promise<void>> = [];
  /** Told first when the stack stops: a terminal's Ctrl-C reaches the parts too, and that death is not a failure. */
  const stopping: Array<() => void> = [];
  const stop = async () => {
    for (const tell of stopping) tell();
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    // Without a data dir, what would be kept (the identity provider's state, this install's secrets) goes to a temp folder.
    const keptDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "crm-embedded-"));
    if (!options.dataDir) stops.push(async () => rmSync(keptDir, { recursive: true, force: true }));
    // What is kept holds every tenant's data and this install's keys: its owner's alone.
    mkdirSync(keptDir, { recursive: true, mode: 0o700 });
    chmodSync(keptDir, 0o700);
    const cognitoDir = join(keptDir, "cognito");
    const deploymentSecretFile = deploymentSecretFileIn(keptDir);
    const services = serviceCredentials(deploymentSecretFile);
    const [dynamoPort, cognitoPort, smtpPort] = [await freePort(), await freePort(), await freePort()];
    const mailPort = options.mailPort || (await freePort());
    assertJava();
    const ensureTables = async (endpoint: string) => {
      const client = createDynamoClient({
        endpoint,
        region: LOCAL_REGION,
        accessKeyId: services.dynamoAccessKeyId,
      });
      try {
        await ensureTable(client, POOLED_TABLE);
        await ensureTable(client, LIMITS_TABLE, LIMITS_TABLE_DESIGN);
      } finally {
        client.destroy();
      }
    };
    // All start at once; whichever started is stopped again if another failed. Each is supervised:
    // one that dies is started again on its port with its data (supervise.ts).
    const [dynamoStart, cognitoStart, mailStart] = await Promise.allSettled([
      supervise(
        "DynamoDB Local",
        () =>
          startDynamoLocal({
            port: dynamoPort,
            dataDir: options.dataDir && join(options.dataDir, "dynamodb"),
            accessKeyId: services.dynamoAccessKeyId,
          }),
        // In memory, it comes back empty: its tables are made again (the data is lost; on disk it is kept).
        (restarted) => ensureTables(restarted.endpoint),
      ),
      supervise("cognito-local", () =>
        startCognitoLocal({
          port: cognitoPort,
          dataDir: cognitoDir,
          identitySecret: services.identitySecret,
        }),
      ),
      supervise("The mail catcher", () =>
        startMailCatcher({ smtpPort, webPort: mailPort, mailDir: join(keptDir, "mail") }),
      ),
    ]);
    for (const start of [dynamoStart, cognitoStart, mailStart]) {
      if (start.status !== "fulfilled") continue;
      stops.push(start.value.stop);
      stopping.push(start.value.stopping);
    }
    if (dynamoStart.status === "rejected") throw dynamoStart.reason;
    if (cognitoStart.status === "rejected") throw cognitoStart.reason;
    if (mailStart.status === "rejected") throw mailStart.reason;
    const [dynamo, cognito, mail] = [
      dynamoStart.value.first,
      cognitoStart.value.first,
      mailStart.value.first,
    ];
    const parts = {
      dynamodb: dynamoStart.value.part,
      identity: cognitoStart.value.part,
      mail: mailStart.value.part,
    };
    await ensureTables(dynamo.endpoint);

    const host = options.host ?? "127.0.0.1";
    const port = options.port || (await freePort());
    const url = `http://${host === "0.0.0.0" ? lanAddress() : host}:${port}`;
    const config: ApiConfig = {
      region: LOCAL_REGION,
      tableName: POOLED_TABLE,
      tenantTablePrefix: TENANT_TABLE_PREFIX,
      dynamoEndpoint: dynamo.endpoint,
      userPoolId: cognito.userPoolId,
      userPoolClientId: cognito.userPoolClientId,
      cognitoEndpoint: cognito.endpoint,
      deploymentSecretFile,
      limitsTableName: LIMITS_TABLE,
      // Every mail goes to the mail catcher; its links lead to this stack's web client.
      smtpUrl: mail.smtpUrl,
      mailLinkBase: url,
      ...(options.registryCacheSeconds !== undefined && {
        registryCacheSeconds: options.registryCacheSeconds,
      }),
    };
    // The API and the local jobs share one store: the API keeps what every request reads as a
    // Lambda does (API_ITEM_CACHE_MS), and the jobs' writes drop it as the API's do.
    const store = createStore(config, { itemCacheMs: API_ITEM_CACHE_MS });
    // Data kept from an earlier version is brought up to this one's before anyone reads it.
    for (const { tenantId } of await store.listTenants()) {
      const tenant = await store.forTenant(tenantId);
      // A tenant frozen by an interrupted move is upgraded by its first night after the move finishes.
      if (tenant && !tenant.tenant.readOnly) {
        await upgradeTenantData(tenant, new Date(), { pages: Number.POSITIVE_INFINITY });
      }
    }
    const jobs = new LocalJobQueue(store);
    stops.push(() => jobs.stop());
    const deps = {
      ...createDeps(config, jobs.enqueue),
      store,
      limiter: new TenantLimiter(options.tenantLimit ?? TENANT_LIMIT),
      rateLimits: options.rateLimits ?? RATE_LIMITS,
      // Only this install's key is trusted, whatever cognito-local publishes.
      verifier: new TokenVerifier(
        issuerOf(config),
        config.userPoolClientId,
        createLocalJWKSet({ keys: [cognito.publicJwk] }),
      ),
    };
    const api = createApi(deps);
    const web = options.webDist ? webApp(options.webDist, { apiBase: "/v1" }) : api;
    // One origin, as CloudFront gives in AWS: /v1 is the API, everything else the web client.
    // The env carries the socket: the API counts its rate limits by the client's address.
    // Only requests naming this machine by an IP address or localhost are served (DNS rebinding, host-guard.ts).
    const fetch = refuseForeignHosts((request: Request, env: unknown) =>
      (new URL(request.url).pathname.startsWith("/v1") ? api : web).fetch(request, env),
    );

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
    return {
      url,
      config,
      deps,
      jobs,
      signingKeyFile: cognito.signingKeyFile,
      mailInboxUrl: mail.inboxUrl,
      parts,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Opened to the network (HOST=0.0.0.0), the stack is reached from phones by
 * this machine's LAN address: links in mails and shown to admins point there,
 * so a link opened on a phone works. No LAN: localhost.
 */
function lanAddress(): string {
  const addresses = Object.values(networkInterfaces()).flatMap((entries) => entries ?? []);
  return addresses.find((entry) => entry.family === "IPv4" && !entry.internal)?.address ?? "localhost";
}

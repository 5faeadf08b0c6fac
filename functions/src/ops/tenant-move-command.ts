import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { moveTenant, REGISTRY_CACHE_MS, type StoreConfig, settleMsFor, TenantMoveError } from "@crm/data";
import { type Plan, PlanSchema, TENANT_ID_PATTERN } from "@crm/domain";
import { dataConfigFromEnv, dynamoConnection } from "../config.js";
import { deploymentSecretFileIn } from "../service-credentials.js";
import {
  dataDirOf,
  LOCAL_REGION,
  POOLED_TABLE,
  RUNNING_FILE,
  type RunningStack,
  readRunningStack,
  TENANT_TABLE_PREFIX,
} from "./running-stack.js";

const USAGE = `Usage: npx -y pnpm@10 tenant:move <tenantId> --to dedicated|pooled [--endpoint <DynamoDB Local URL>] [--settle-seconds <s>]

Moves a tenant's data to a table of its own (dedicated) or back to the shared
table (pooled). The tenant is read-only during the copy; an interrupted move
continues when the same command runs again. See docs/tenancy.md.

Where it works, first match wins:
  --endpoint <url>  a DynamoDB Local (the embedded stack's tables, or TABLE_NAME
                    and TENANT_TABLE_PREFIX when set)
  TABLE_NAME set    the deployment the environment names, as its Lambdas are
                    configured (TABLE_NAME, TENANT_TABLE_PREFIX, AWS_REGION,
                    DYNAMODB_ENDPOINT, REGISTRY_CACHE_SECONDS), with your own
                    AWS credentials
  otherwise         the running \`pnpm start\` of CRM_DATA_DIR (default .data/)

--settle-seconds    how long to wait after making the tenant read-only and
                    after switching tables; default: the API's registry cache
                    lifetime (REGISTRY_CACHE_SECONDS, 60) plus 30, and never
                    less than that lifetime`;

/** A mistake in how the command was called: the usage is printed with it. */
export class UsageError extends Error {}

export type MoveCommand = {
  tenantId: string;
  to: Plan;
  /** Where the tables are, in words, for the first line the command prints. */
  where: string;
  connection: { endpoint?: string; region?: string };
  store: Pick<StoreConfig, "pooledTableName" | "tenantTablePrefix">;
  /** How long the move waits for every process to see each switch: longer than the API's registry cache lifetime there. */
  settleMs: number;
};

type Sources = {
  env: NodeJS.ProcessEnv;
  runningStack: (dataDir: string) => RunningStack | undefined;
  /** The embedded stack's table names, for --endpoint without TABLE_NAME. */
  embeddedTables: () => Promise<{ tableName: string; tenantTablePrefix: string }>;
};

const cacheSecondsOf = (env: NodeJS.ProcessEnv) =>
  env.REGISTRY_CACHE_SECONDS ? Number(env.REGISTRY_CACHE_SECONDS) : undefined;

/** The wait: the default, or the one asked for, which must outlast the API's registry cache. */
function settleMsOf(settleSeconds: string | undefined, registryCacheSeconds: number | undefined): number {
  const cacheMs = registryCacheSeconds === undefined ? REGISTRY_CACHE_MS : registryCacheSeconds * 1000;
  if (!Number.isFinite(cacheMs) || cacheMs < 0)
    throw new UsageError("REGISTRY_CACHE_SECONDS is not a number of seconds.");
  if (settleSeconds === undefined) return settleMsFor(cacheMs);
  const settleMs = Number(settleSeconds) * 1000;
  if (!Number.isFinite(settleMs) || settleMs < 0 || (cacheMs > 0 && settleMs <= cacheMs)) {
    throw new UsageError(
      `--settle-seconds must be longer than the API's registry cache lifetime (${cacheMs / 1000} s), or processes could still write to the old table.`,
    );
  }
  return settleMs;
}

/**
 * The secret whose key id opens an embedded stack's DynamoDB Local database:
 * DEPLOYMENT_SECRET_FILE, or the one of CRM_DATA_DIR's install when there is one.
 */
function localSecretFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DEPLOYMENT_SECRET_FILE) return env.DEPLOYMENT_SECRET_FILE;
  const own = deploymentSecretFileIn(dataDirOf(env));
  return existsSync(own) ? own : undefined;
}

/** Reads the command line and finds the tables from the same configuration the Lambdas or `pnpm start` use. */
export async function parseMoveCommand(args: string[], sources: Sources): Promise<MoveCommand> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  const [tenantId, ...extra] = positionals;
  if (!tenantId || extra.length > 0) throw new UsageError("Name one tenant id.");
  if (!TENANT_ID_PATTERN.test(tenantId))
    throw new UsageError(`${tenantId} is not a tenant id (t + 24 hex digits).`);
  const to = PlanSchema.safeParse(values.to);
  if (!to.success) throw new UsageError("Say where to: --to dedicated or --to pooled.");
  const { env } = sources;
  const settle = values["settle-seconds"];

  if (values.endpoint) {
    const tables = env.TABLE_NAME
      ? { tableName: env.TABLE_NAME, tenantTablePrefix: env.TENANT_TABLE_PREFIX ?? "" }
      : await sources.embeddedTables();
    if (!tables.tenantTablePrefix) throw new UsageError("With TABLE_NAME set, set TENANT_TABLE_PREFIX too.");
    return {
      tenantId,
      to: to.data,
      where: `DynamoDB Local at ${values.endpoint}`,
      connection: dynamoConnection({
        dynamoEndpoint: values.endpoint,
        region: LOCAL_REGION,
        deploymentSecretFile: localSecretFile(env),
      }),
      store: { pooledTableName: tables.tableName, tenantTablePrefix: tables.tenantTablePrefix },
      settleMs: settleMsOf(settle, cacheSecondsOf(env)),
    };
  }
  if (env.TABLE_NAME) {
    const config = dataConfigFromEnv(env);
    return {
      tenantId,
      to: to.data,
      where: config.dynamoEndpoint
        ? `DynamoDB Local at ${config.dynamoEndpoint}`
        : `AWS ${config.region}, with your own credentials`,
      connection: dynamoConnection(config),
      store: { pooledTableName: config.tableName, tenantTablePrefix: config.tenantTablePrefix },
      settleMs: settleMsOf(settle, config.registryCacheSeconds),
    };
  }
  const dataDir = dataDirOf(env);
  const running = sources.runningStack(dataDir);
  if (!running) {
    throw new UsageError(
      `Found neither TABLE_NAME (a deployment) nor a running \`pnpm start\` (no live ${RUNNING_FILE} in ${dataDir}). Start the CRM, or pass --endpoint.`,
    );
  }
  return {
    tenantId,
    to: to.data,
    where: `the running \`pnpm start\` (DynamoDB Local at ${running.dynamoEndpoint})`,
    connection: dynamoConnection({
      dynamoEndpoint: running.dynamoEndpoint,
      region: LOCAL_REGION,
      deploymentSecretFile: deploymentSecretFileIn(dataDir),
    }),
    store: { pooledTableName: running.tableName, tenantTablePrefix: running.tenantTablePrefix },
    settleMs: settleMsOf(settle, cacheSecondsOf(env) ?? running.registryCacheSeconds),
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      to: { type: "string" },
      endpoint: { type: "string" },
      "settle-seconds": { type: "string" },
      help: { type: "boolean" },
    },
  });
}

/** The command: its exit code (0 done, 1 failed or refused, 2 called wrongly). */
export async function runMoveCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes("--help") || args.length === 0) {
    console.log(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  let command: MoveCommand;
  try {
    command = await parseMoveCommand(args, {
      env,
      runningStack: readRunningStack,
      embeddedTables: async () => ({ tableName: POOLED_TABLE, tenantTablePrefix: TENANT_TABLE_PREFIX }),
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  console.log(
    `Moving ${command.tenantId} to ${command.to} in ${command.where} (pooled table ${command.store.pooledTableName}).`,
  );
  try {
    const report = await moveTenant(command.connection, command.store, command.tenantId, command.to, {
      settleMs: command.settleMs,
      log: (line) => console.log(line),
    });
    if (!report.unchanged) {
      console.log(
        `${report.copied} items copied from ${report.fromTable} to ${report.toTable}, ${report.removed} removed from ${report.fromTable}.`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof TenantMoveError) {
      console.error(error.message);
      return 1;
    }
    if ((error as { code?: string }).code === "ECONNREFUSED") {
      console.error(`Nothing answers at ${command.connection.endpoint}: is the CRM running?`);
      return 1;
    }
    console.error(error);
    console.error("The move stopped here. Run the same command again: it continues from where it stopped.");
    return 1;
  }
}

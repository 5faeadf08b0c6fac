import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * What a running `pnpm start` tells operators' commands on the same machine
 * (`pnpm tenant:move`): where its DynamoDB Local listens (a free port, new at
 * each start) and how its tables are named. Written under the data folder at
 * start, removed at stop.
 */
export type RunningStack = {
  dynamoEndpoint: string;
  tableName: string;
  tenantTablePrefix: string;
  /** The API's registry cache lifetime; unset: the default. */
  registryCacheSeconds?: number;
  pid: number;
};

export const RUNNING_FILE = "running.json";

/** The region every client of the embedded stack names: with the key id, it picks DynamoDB Local's database. */
export const LOCAL_REGION = "local";

/** The embedded stack's tables: operators' commands pointed at its DynamoDB Local find them under these names. */
export const POOLED_TABLE = "crm";
export const TENANT_TABLE_PREFIX = "crm-tenant-";

/** The data folder of `pnpm start`: CRM_DATA_DIR, relative to the repository's root, default .data/. */
export const dataDirOf = (env: NodeJS.ProcessEnv = process.env) =>
  resolve(import.meta.dirname, "../../..", env.CRM_DATA_DIR ?? ".data");

export function writeRunningStack(dataDir: string, running: RunningStack): void {
  writeFileSync(join(dataDir, RUNNING_FILE), `${JSON.stringify(running, null, 2)}\n`);
}

export function removeRunningStack(dataDir: string): void {
  rmSync(join(dataDir, RUNNING_FILE), { force: true });
}

/** The stack `pnpm start` runs from this data folder, or undefined when none is running. */
export function readRunningStack(dataDir: string): RunningStack | undefined {
  let running: RunningStack;
  try {
    running = JSON.parse(readFileSync(join(dataDir, RUNNING_FILE), "utf8")) as RunningStack;
  } catch {
    return undefined;
  }
  // A start killed without its shutdown leaves the file behind: its process says whether it still runs.
  try {
    process.kill(running.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return undefined;
  }
  return running;
}

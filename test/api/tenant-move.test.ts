import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type AttributeValue, DescribeTableCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  createDocumentClient,
  createDynamoClient,
  keys,
  MoveVerificationFailed,
  REGISTRY_CACHE_MS,
  settleMsFor,
  TenantMoveError,
} from "@crm/data";
import { dynamoConnection } from "@crm/functions/config";
import { afterAll, describe, expect, it } from "vitest";
import { call, crm, login, PASSWORD, purchase, signUpTenant, type TestTenant } from "../support/api.js";
import { dedicatedTableOf, moveTenantTo } from "../support/tenant-move.js";

const { config } = crm();
const dynamo = createDynamoClient(dynamoConnection(config));
const doc = createDocumentClient(dynamo);
const pooled = config.tableName;
afterAll(() => dynamo.destroy());

type Item = Record<string, AttributeValue>;

/** Every item of the tenant in a table, exactly as DynamoDB holds it, in key order (the registry record aside). */
async function itemsIn(tableName: string, tenantId: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: Item | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "begins_with(pk, :prefix)",
        ExpressionAttributeValues: { ":prefix": { S: `${tenantId}#` } },
        ExclusiveStartKey: cursor,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  const registry = keys.registry(tenantId);
  return items
    .filter((item) => !(item.pk?.S === registry.pk && item.sk?.S === registry.sk))
    .sort((a, b) => `${a.pk?.S}\u0000${a.sk?.S}`.localeCompare(`${b.pk?.S}\u0000${b.sk?.S}`));
}

async function countItems(tableName: string) {
  let count = 0;
  let cursor: Item | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({ TableName: tableName, Select: "COUNT", ExclusiveStartKey: cursor }),
    );
    count += page.Count ?? 0;
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return count;
}

async function registryOf(tenantId: string) {
  const { Item } = await doc.send(
    new GetCommand({ TableName: pooled, Key: keys.registry(tenantId), ConsistentRead: true }),
  );
  return Item;
}

/** A company with a bit of everything: customers with tags, claims and transactions, a member, an open invitation. */
async function seededTenant(label: string) {
  const tenant = await signUpTenant(label, { locale: "zh-CN" });
  const token = tenant.admin.token;
  const customers: string[] = [];
  for (const [index, name] of ["张伟", "Li Na", "Acme Ltd"].entries()) {
    const created = await call("POST", "/v1/customers", {
      token,
      body: {
        kind: index === 2 ? "company" : "person",
        name,
        emails: [`${label}-${index}@example.com`],
        phones: [`1380000000${index}`],
        tags: ["vip", `t${index}`],
      },
    });
    expect(created.status).toBe(201);
    customers.push(created.body.id);
    const bought = await call("POST", `/v1/customers/${created.body.id}/transactions`, {
      token,
      body: purchase(1_000 * (index + 1), "2026-03-01T10:00:00Z", { externalRef: `${label}-order-${index}` }),
    });
    expect(bought.status).toBe(201);
  }
  const invited = await call("POST", "/v1/users", {
    token,
    body: { email: `${label}-${tenant.tenantId}@example.com`, name: "Invited Person", role: "rep" },
  });
  expect(invited.status).toBe(201);
  return { ...tenant, customers, invitationToken: invited.body.invitation.token as string };
}

const listedIds = async (tenant: TestTenant) => {
  const list = await call("GET", "/v1/customers", { token: tenant.admin.token });
  expect(list.status).toBe(200);
  return list.body.items.map((customer: { id: string }) => customer.id).sort();
};

describe("tenant:move", () => {
  it("moves every item, unchanged, to a protected table of the same design and back; the API follows", async () => {
    const tenant = await seededTenant("move");
    const { tenantId } = tenant;
    const dedicated = dedicatedTableOf(tenantId);
    const before = await itemsIn(pooled, tenantId);
    expect(before.length).toBeGreaterThan(20);
    const ids = await listedIds(tenant);

    const there = await moveTenantTo(tenantId, "dedicated");
    expect(there).toMatchObject({
      to: "dedicated",
      unchanged: false,
      fromTable: pooled,
      toTable: dedicated,
      copied: before.length,
      removed: before.length,
      verified: { items: before.length },
    });
    const table = (await dynamo.send(new DescribeTableCommand({ TableName: dedicated }))).Table;
    expect(table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
      "gsi1",
      "gsi2",
      "gsi3",
    ]);
    expect(table?.DeletionProtectionEnabled).toBe(true);
    expect(await itemsIn(dedicated, tenantId)).toEqual(before);
    expect(await itemsIn(pooled, tenantId)).toEqual([]);
    const registry = await registryOf(tenantId);
    expect(registry).toMatchObject({ plan: "dedicated", tableName: dedicated, gsi1pk: "TENANTS" });
    expect(registry?.move).toBeUndefined();

    const session = await login(tenant.admin.email);
    const me = await call("GET", "/v1/me", { token: session.accessToken });
    expect(me.body.tenant).toMatchObject({ id: tenantId, plan: "dedicated" });
    expect(await listedIds(tenant)).toEqual(ids);
    const added = await call("POST", "/v1/customers", {
      token: session.accessToken,
      body: { kind: "person", name: "After The Move" },
    });
    expect(added.status).toBe(201);
    const onDedicated = await itemsIn(dedicated, tenantId);
    expect(onDedicated.length).toBeGreaterThan(before.length);
    expect(await itemsIn(pooled, tenantId)).toEqual([]);

    const back = await moveTenantTo(tenantId, "pooled");
    expect(back).toMatchObject({ to: "pooled", fromTable: dedicated, toTable: pooled });
    expect(back.copied).toBe(onDedicated.length);
    expect(await itemsIn(pooled, tenantId)).toEqual(onDedicated);
    expect(await itemsIn(dedicated, tenantId)).toEqual([]);
    expect(await registryOf(tenantId)).toMatchObject({ plan: "pooled", tableName: pooled });
    const meAgain = await call("GET", "/v1/me", { token: session.accessToken });
    expect(meAgain.body.tenant.plan).toBe("pooled");
    expect(await listedIds(tenant)).toEqual([...ids, added.body.id].sort());

    expect(await moveTenantTo(tenantId, "pooled")).toMatchObject({ unchanged: true, copied: 0 });
  });

  it("continues an interrupted copy where it stopped; meanwhile reads work and every write answers 503 with Retry-After", async () => {
    const tenant = await seededTenant("resume");
    const { tenantId } = tenant;
    const dedicated = dedicatedTableOf(tenantId);
    const before = await itemsIn(pooled, tenantId);
    const ids = await listedIds(tenant);

    // Killed after its first page of copied items was written, before that page's checkpoint was saved.
    // Pages of an eighth of the shared table: the tenant's items span several.
    const pageSize = Math.max(10, Math.ceil((await countItems(pooled)) / 8));
    const interrupted = moveTenantTo(tenantId, "dedicated", {
      pageSize,
      onProgress: ({ step, items }) => {
        if (step === "copy" && items > 0) throw new Error("interrupted");
      },
    });
    await expect(interrupted).rejects.toThrow("interrupted");
    expect(await registryOf(tenantId)).toMatchObject({
      plan: "pooled",
      tableName: pooled,
      move: { to: "dedicated", phase: "copying", toTable: dedicated },
    });
    const partial = await itemsIn(dedicated, tenantId);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(before.length);

    // Reads go on from the pooled table.
    expect(await listedIds(tenant)).toEqual(ids);
    expect((await call("GET", "/v1/tenant/settings", { token: tenant.admin.token })).status).toBe(200);
    expect((await login(tenant.admin.email)).accessToken).toEqual(expect.any(String));
    // Writes, the authenticated ones and the public invitation accept alike, are refused whole.
    const writes = [
      await call("POST", "/v1/customers", {
        token: tenant.admin.token,
        body: { kind: "person", name: "During The Move" },
      }),
      await call("PATCH", `/v1/customers/${tenant.customers[0]}`, {
        token: tenant.admin.token,
        headers: { "if-match": '"1"' },
        body: { name: "Renamed During The Move" },
      }),
      await call("POST", "/v1/auth/invitations/accept", {
        body: { token: tenant.invitationToken, password: PASSWORD },
      }),
    ];
    for (const write of writes) {
      expect(write.status).toBe(503);
      expect(write.headers.get("retry-after")).toBe("30");
      expect(write.headers.get("content-type")).toContain("application/problem+json");
      expect(write.body.code).toBe("tenant-read-only");
    }
    expect(await itemsIn(pooled, tenantId)).toEqual(before);
    // A move the other way cannot start over this one.
    await expect(moveTenantTo(tenantId, "pooled")).rejects.toThrow(TenantMoveError);

    const resumed = await moveTenantTo(tenantId, "dedicated", { pageSize });
    expect(resumed).toMatchObject({ copied: before.length, removed: before.length });
    expect(await itemsIn(dedicated, tenantId)).toEqual(before);
    expect(await itemsIn(pooled, tenantId)).toEqual([]);

    const accepted = await call("POST", "/v1/auth/invitations/accept", {
      body: { token: tenant.invitationToken, password: PASSWORD },
    });
    expect(accepted.status).toBe(200);
    const added = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "After The Move" },
    });
    expect(added.status).toBe(201);
  });

  it("moves back to pooled through an interrupted copy and an interrupted clean-up, writable again once switched", async () => {
    const tenant = await seededTenant("back");
    const { tenantId } = tenant;
    const dedicated = dedicatedTableOf(tenantId);
    await moveTenantTo(tenantId, "dedicated");
    const before = await itemsIn(dedicated, tenantId);

    const stopAt = (stopStep: "copy" | "clean") => ({
      pageSize: 5,
      onProgress: ({ step, items }: { step: string; items: number }) => {
        if (step === stopStep && items >= 10) throw new Error(`interrupted while ${step}ing`);
      },
    });
    await expect(moveTenantTo(tenantId, "pooled", stopAt("copy"))).rejects.toThrow("interrupted");
    expect((await registryOf(tenantId))?.move).toMatchObject({ to: "pooled", phase: "copying" });
    await expect(moveTenantTo(tenantId, "pooled", stopAt("clean"))).rejects.toThrow("interrupted");
    // Switched: the registry names the pooled table, and the tenant writes there while the old items go.
    expect(await registryOf(tenantId)).toMatchObject({
      plan: "pooled",
      tableName: pooled,
      move: { phase: "switched", to: "pooled" },
    });
    const left = await itemsIn(dedicated, tenantId);
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(before.length);
    const added = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "While Cleaning Up" },
    });
    expect(added.status).toBe(201);

    const finished = await moveTenantTo(tenantId, "pooled", { pageSize: 5 });
    // Items of the page interrupted before its checkpoint were removed already: the second run does not meet them.
    expect(finished.copied).toBe(before.length);
    expect(finished.removed).toBeLessThan(before.length);
    expect(await itemsIn(dedicated, tenantId)).toEqual([]);
    const after = await itemsIn(pooled, tenantId);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toEqual(expect.arrayContaining(before));
    expect((await registryOf(tenantId))?.move).toBeUndefined();
  });

  it("catches a change that reached the old table during the copy, copies again and loses nothing", async () => {
    const tenant = await seededTenant("verify");
    const { tenantId } = tenant;
    const dedicated = dedicatedTableOf(tenantId);
    await expect(
      moveTenantTo(tenantId, "dedicated", {
        onProgress: ({ step }) => {
          if (step === "verify") throw new Error("stopped before verifying");
        },
      }),
    ).rejects.toThrow("stopped before verifying");
    // What a process that had not seen the freeze could have done: a changed item (same count) and a new one.
    await doc.send(
      new UpdateCommand({
        TableName: pooled,
        Key: keys.customer(tenantId, tenant.customers[0] ?? ""),
        UpdateExpression: "SET #name = :name",
        ExpressionAttributeNames: { "#name": "name" },
        ExpressionAttributeValues: { ":name": "Changed Behind The Copy" },
      }),
    );
    await expect(moveTenantTo(tenantId, "dedicated")).rejects.toThrow(MoveVerificationFailed);
    // Still read-only, and set to copy again from scratch.
    expect(await registryOf(tenantId)).toMatchObject({ plan: "pooled", move: { phase: "clearing" } });
    const source = await itemsIn(pooled, tenantId);
    await doc.send(
      new PutCommand({
        TableName: pooled,
        Item: { ...keys.auditEntry(tenantId, "2026-03-01T00:00:00.000Z", "late"), action: "late" },
      }),
    );
    const withLate = await itemsIn(pooled, tenantId);
    expect(withLate).toHaveLength(source.length + 1);

    const done = await moveTenantTo(tenantId, "dedicated");
    expect(done.verified?.items).toBe(withLate.length);
    expect(await itemsIn(dedicated, tenantId)).toEqual(withLate);
    expect(await itemsIn(pooled, tenantId)).toEqual([]);
  });

  it("waits longer than the API's registry cache after the freeze and after the switch, and only what is left when continued", async () => {
    const { tenantId } = await signUpTenant("settle");
    const settleMs = settleMsFor(REGISTRY_CACHE_MS);
    expect(settleMs).toBeGreaterThan(REGISTRY_CACHE_MS);
    let clock = Date.now();
    const now = () => clock;
    // The first run is killed 40 s into its first wait.
    const killed = moveTenantTo(tenantId, "dedicated", {
      settleMs,
      now,
      sleep: async (ms) => {
        clock += Math.min(ms, 40_000);
        throw new Error("killed while waiting");
      },
    });
    await expect(killed).rejects.toThrow("killed while waiting");
    expect((await registryOf(tenantId))?.move).toMatchObject({ phase: "copying" });
    const slept: number[] = [];
    await moveTenantTo(tenantId, "dedicated", {
      settleMs,
      now,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
    });
    expect(slept).toEqual([settleMs - 40_000, settleMs]);
  });

  it("runs as `pnpm tenant:move <tenantId> --to dedicated`, pointed at a DynamoDB Local with --endpoint", async () => {
    const { tenantId } = await signUpTenant("cli");
    const root = resolve(import.meta.dirname, "../..");
    const script: string = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")).scripts[
      "tenant:move"
    ];
    const [bin = "", ...args] = script.split(" ");
    const { TABLE_NAME: _t, TENANT_TABLE_PREFIX: _p, DYNAMODB_ENDPOINT: _d, ...env } = process.env;
    const run = (...more: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((done, fail) => {
        const child = spawn(resolve(root, "node_modules/.bin", bin), [...args, ...more], {
          cwd: root,
          env: {
            ...env,
            REGISTRY_CACHE_SECONDS: "0",
            // The key id that opens the test stack's DynamoDB Local database derives from its secret.
            DEPLOYMENT_SECRET_FILE: config.deploymentSecretFile,
          },
        });
        let [out, err] = ["", ""];
        child.stdout.on("data", (chunk) => {
          out += chunk;
        });
        child.stderr.on("data", (chunk) => {
          err += chunk;
        });
        child.on("error", fail);
        child.on("close", (code) => done({ code, out, err }));
      });
    const endpoint = config.dynamoEndpoint ?? "";

    const wrong = await run(tenantId, "--to", "gold", "--endpoint", endpoint);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("--to dedicated or --to pooled");

    const moved = await run(tenantId, "--to", "dedicated", "--endpoint", endpoint, "--settle-seconds", "0");
    expect(moved.err).toBe("");
    expect(moved.code).toBe(0);
    expect(moved.out).toContain(`Done: ${tenantId} is dedicated (${dedicatedTableOf(tenantId)})`);
    expect(await registryOf(tenantId)).toMatchObject({
      plan: "dedicated",
      tableName: dedicatedTableOf(tenantId),
    });
  }, 60_000);
});

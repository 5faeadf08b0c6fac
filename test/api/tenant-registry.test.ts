import { randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  CrmStore,
  createDocumentClient,
  createDynamoClient,
  keys,
  SharedTenantClients,
  type StoreConfig,
  type TenantClients,
} from "@crm/data";
import { dynamoConnection } from "@crm/functions/config";
import { afterAll, describe, expect, it } from "vitest";
import { crm, signUpTenant } from "../support/api.js";

const { config } = crm();
const madeUpId = () => `t${randomBytes(12).toString("hex")}`;

/** The tenant clients of the embedded stack, counting which tenants' credentials were asked for (in AWS: sts:AssumeRole). */
class CountingTenantClients implements TenantClients {
  readonly asked: string[] = [];
  private readonly shared: SharedTenantClients;
  constructor(client: DynamoDBClient) {
    this.shared = new SharedTenantClients(client);
  }
  async forTenant(tenantId: string) {
    this.asked.push(tenantId);
    return this.shared.forTenant();
  }
}

const clients: DynamoDBClient[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});

/** A CrmStore on the test stack's DynamoDB Local, with a clock of its own and every call of its own credentials counted. */
function countingStore(options: Partial<StoreConfig> = {}) {
  const control = createDynamoClient(dynamoConnection(config));
  const tenantSide = createDynamoClient(dynamoConnection(config));
  clients.push(control, tenantSide);
  let controlCalls = 0;
  control.middlewareStack.add(
    (next) => async (args) => {
      controlCalls += 1;
      return next(args);
    },
    { step: "initialize", name: "countControlCalls" },
  );
  const tenants = new CountingTenantClients(tenantSide);
  const clock = { now: Date.parse("2026-11-22T10:00:00Z") };
  const store = new CrmStore(
    tenants,
    control,
    { pooledTableName: config.tableName, tenantTablePrefix: config.tenantTablePrefix, ...options },
    () => clock.now,
  );
  return { store, tenants, controlCalls: () => controlCalls, clock };
}

const registry = createDocumentClient(createDynamoClient(dynamoConnection(config)));
afterAll(() => registry.destroy());

async function setMove(tenantId: string, move: Record<string, unknown> | undefined) {
  await registry.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: keys.registry(tenantId),
      ...(move
        ? {
            UpdateExpression: "SET #move = :move",
            ExpressionAttributeValues: { ":move": move },
          }
        : { UpdateExpression: "REMOVE #move" }),
      ExpressionAttributeNames: { "#move": "move" },
    }),
  );
}

describe("finding a tenant", () => {
  it("never asks for a made-up tenant's credentials, and answers it from memory the next time", async () => {
    const { store, tenants, controlCalls, clock } = countingStore();
    const madeUp = madeUpId();
    expect(await store.forTenant(madeUp)).toBeUndefined();
    // One Query of the tenant listing with the process's own credentials, and nothing with the tenant's.
    expect(controlCalls()).toBe(1);
    expect(tenants.asked).toEqual([]);

    expect(await store.forTenant(madeUp)).toBeUndefined();
    expect(await store.findTenant(madeUp)).toBeUndefined();
    expect(controlCalls()).toBe(1);
    expect(tenants.asked).toEqual([]);

    // Remembered for a minute only: a tenant may yet be created under an id once unknown.
    clock.now += 61_000;
    expect(await store.findTenant(madeUp)).toBeUndefined();
    expect(controlCalls()).toBe(2);
    expect(tenants.asked).toEqual([]);

    const { tenantId } = await signUpTenant("lookup");
    const found = await store.forTenant(tenantId);
    expect(found?.tenant).toMatchObject({ tenantId, plan: "pooled", tableName: config.tableName });
    expect(tenants.asked).toContain(tenantId);
  });

  it("looks a flood of requests for one made-up id up once", async () => {
    const { store, tenants, controlCalls } = countingStore();
    const madeUp = madeUpId();
    const answers = await Promise.all(Array.from({ length: 50 }, () => store.forTenant(madeUp)));
    expect(answers.every((answer) => answer === undefined)).toBe(true);
    expect(controlCalls()).toBe(1);
    expect(tenants.asked).toEqual([]);
  });

  it("remembers a bounded number of made-up ids, forgetting the longest remembered first", async () => {
    const { store, controlCalls } = countingStore({ missingTenantCacheSize: 2 });
    const [a, b, c] = [madeUpId(), madeUpId(), madeUpId()];
    for (const id of [a, b, c]) await store.findTenant(id);
    expect(controlCalls()).toBe(3);
    await store.findTenant(c);
    await store.findTenant(b);
    expect(controlCalls()).toBe(3);
    await store.findTenant(a);
    expect(controlCalls()).toBe(4);
  });

  it("trusts a registry record for the cache lifetime only, so a warm process follows a moved tenant", async () => {
    const { tenantId } = await signUpTenant("registry-cache");
    const { store, clock } = countingStore({ registryCacheMs: 60_000 });
    expect((await store.findTenant(tenantId))?.readOnly).toBeUndefined();
    await setMove(tenantId, { phase: "copying", to: "dedicated" });
    try {
      clock.now += 59_000;
      expect((await store.findTenant(tenantId))?.readOnly).toBeUndefined();
      clock.now += 2_000;
      expect((await store.findTenant(tenantId))?.readOnly).toBe(true);
    } finally {
      await setMove(tenantId, undefined);
    }
  });

  it("refuses writes through data handed out before a move, once the move is seen; reads go on", async () => {
    const { tenantId } = await signUpTenant("guard");
    const { store } = countingStore({ registryCacheMs: 0 });
    const data = await store.forTenant(tenantId);
    if (!data) throw new Error("no tenant");
    const { version } = await data.settings.get();
    const unavailable = expect.objectContaining({ kind: "unavailable" });

    await setMove(tenantId, { phase: "copying", to: "dedicated" });
    try {
      await expect(
        data.settings.update({ companyName: "Frozen" }, version, new Date().toISOString()),
      ).rejects.toEqual(unavailable);
      expect((await data.settings.get()).settings.companyName).toBe("guard Ltd");
    } finally {
      await setMove(tenantId, undefined);
    }
    // Once switched, data bound to the table the tenant left writes nothing there.
    await registry.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.registry(tenantId),
        UpdateExpression: "SET #table = :elsewhere",
        ExpressionAttributeNames: { "#table": "tableName" },
        ExpressionAttributeValues: { ":elsewhere": `${config.tenantTablePrefix}${tenantId}` },
      }),
    );
    try {
      await expect(
        data.settings.update({ companyName: "Left" }, version, new Date().toISOString()),
      ).rejects.toEqual(unavailable);
    } finally {
      await registry.send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: keys.registry(tenantId),
          UpdateExpression: "SET #table = :pooled",
          ExpressionAttributeNames: { "#table": "tableName" },
          ExpressionAttributeValues: { ":pooled": config.tableName },
        }),
      );
    }
    const updated = await data.settings.update(
      { companyName: "Writable" },
      version,
      new Date().toISOString(),
    );
    expect(updated.settings.companyName).toBe("Writable");
  });
});

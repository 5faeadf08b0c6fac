import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, createDynamoClient, keys, type TenantData } from "@crm/data";
import { type Customer, type CustomerScore, noPurchases } from "@crm/domain";
import { dynamoConnection } from "@crm/functions/config";
import { beforeAll, describe, expect, it } from "vitest";
import { call, crm, signUpTenant, type TestTenant } from "../support/api.js";
import { tenantData } from "../support/scoring.js";

const at = "2026-01-01T00:00:00.000Z";

const score: CustomerScore = {
  runId: "run-during-erase",
  asOf: "2026-11-28",
  model: "fallback",
  rfm: { r: 5, f: 5, m: 5 },
  segment: "champions",
  abc: "A",
  revenueTop: 0.1,
  historicalValue: 50_000,
  predictedValue: 80_000,
  expectedPurchases: 3,
  averageValue: 10_000,
  probabilityAlive: 0.9,
  churnRisk: "low",
  stage: "mature",
  inputs: {
    purchaseDays: 5,
    firstDay: "2026-01-02",
    lastDay: "2026-11-20",
    netAmount: 50_000,
    windowRevenue: 50_000,
    repeatValue: 40_000,
  },
};

describe("a customer erased or deleted while the night scores it", () => {
  let tenant: TestTenant;
  let data: TenantData;
  const doc = () => createDocumentClient(createDynamoClient(dynamoConnection(crm().config)));

  const person = (name: string): Customer => ({
    id: crypto.randomUUID(),
    kind: "person",
    type: "consumer",
    name,
    emails: [],
    phones: [],
    tags: [],
    lifecycleStage: "prospect",
    ownerId: tenant.admin.id,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    version: 1,
    purchases: noPurchases("CNY"),
  });
  const partition = async (id: string) =>
    (
      await doc().send(
        new QueryCommand({
          TableName: crm().config.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": keys.customer(tenant.tenantId, id).pk },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  /** The night's read of these customers: its page, before anything happens to them. */
  const readByNight = async (customers: Customer[]) => {
    const page = await data.customers.scoringPage(undefined, 100);
    return customers.map((customer) => page.customers.find((read) => read.id === customer.id) as Customer);
  };

  beforeAll(async () => {
    tenant = await signUpTenant("erase-scoring");
    data = await tenantData(tenant.tenantId);
  }, 120_000);

  it("leaves nothing in an erased customer's partition, and no score for one created later with its id", async () => {
    const owner = { id: tenant.admin.id, name: "Admin" };
    const keeping = person("Erased Keeping Stage");
    const moving = person("Erased Moving Stage");
    for (const customer of [keeping, moving]) await data.customers.create(customer, owner);
    const before = await readByNight([keeping, moving]);
    for (const customer of [keeping, moving]) {
      const erased = await call("POST", `/v1/customers/${customer.id}/erase`, { token: tenant.admin.token });
      expect(erased.status).toBe(204);
    }
    const saved = await data.customers.saveScores([
      { before: before[0] as Customer, score, stage: "prospect" },
      { before: before[1] as Customer, score, stage: "mature" },
    ]);
    expect(saved).toEqual([true, false]);
    expect(await partition(keeping.id)).toEqual([]);
    expect(await partition(moving.id)).toEqual([]);
    // An import deriving its ids from row content makes the same id again: a new customer, with no score of the erased one.
    await data.customers.create({ ...person("Created Again"), id: keeping.id }, owner);
    const again = await call("GET", `/v1/customers/${keeping.id}`, { token: tenant.admin.token });
    expect(again.status).toBe(200);
    expect(again.body.name).toBe("Created Again");
    expect(again.body.score).toBeUndefined();
    expect((await partition(keeping.id)).filter((item) => String(item.sk).startsWith("SCORE#"))).toEqual([]);
  });

  it("leaves no score items for a customer deleted meanwhile, which keeps its profile for a restore", async () => {
    const owner = { id: tenant.admin.id, name: "Admin" };
    const customer = person("Deleted While Scored");
    await data.customers.create(customer, owner);
    const [before] = await readByNight([customer]);
    const deleted = await call("DELETE", `/v1/customers/${customer.id}`, { token: tenant.admin.token });
    expect(deleted.status).toBe(204);
    await data.customers.saveScores([{ before: before as Customer, score, stage: "prospect" }]);
    const items = await partition(customer.id);
    expect(items.filter((item) => /^(SCORE#|STAGE$)/.test(String(item.sk)))).toEqual([]);
    expect(items.find((item) => item.sk === "PROFILE")?.deletedAt).toEqual(expect.any(String));
  });
});

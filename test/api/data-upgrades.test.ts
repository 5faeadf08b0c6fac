import { DeleteCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { collections, createDocumentClient, createDynamoClient } from "@crm/data";
import { dynamoConnection } from "@crm/functions/config";
import { upgradeTenantData } from "@crm/functions/jobs/data-upgrades";
import { describe, expect, it } from "vitest";
import { addMember, call, crm, ifMatch, signUpTenant } from "../support/api.js";
import { tenantData } from "../support/scoring.js";

const doc = () => createDocumentClient(createDynamoClient(dynamoConnection(crm().config)));

/** Takes a customer's listing items back to how versions before owner-scoped lists wrote them. */
async function asWrittenBefore(tenantId: string, customerId: string) {
  const { config } = crm();
  const { Items = [] } = await doc().send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": collections.customer(tenantId, customerId) },
    }),
  );
  for (const item of Items) {
    if (item.sk === "STAGE") {
      await doc().send(new DeleteCommand({ TableName: config.tableName, Key: { pk: item.pk, sk: item.sk } }));
    } else if (/^(TAG|NAME|SCORE)#/.test(String(item.sk))) {
      await doc().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: "REMOVE gsi2pk, gsi2sk",
        }),
      );
    }
  }
}

describe("upgrading a tenant's stored items", () => {
  it("puts customers written before owner-scoped lists into their owner's lists, in resumable steps", async () => {
    const tenant = await signUpTenant("upgrade");
    const rep = await addMember(tenant.admin.token, "rep");
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: ifMatch(settings.body.version),
      body: { repVisibility: "own" },
    });
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const created = await call("POST", "/v1/customers", {
        token: tenant.admin.token,
        body: { kind: "person", name: `Old ${i}`, ownerId: rep.id, tags: ["vip"] },
      });
      ids.push(created.body.id);
      await asWrittenBefore(tenant.tenantId, created.body.id);
    }
    const listed = async (path: string) =>
      ((await call("GET", `${path}&limit=100`, { token: rep.token })).body.items as Array<{ id: string }>)
        .map((customer) => customer.id)
        .sort();
    // Before: the rep's own lists miss them (their profiles, by activity, are there).
    expect(await listed("/v1/customers?tag=vip")).toEqual([]);
    expect(await listed("/v1/customers?q=old")).toEqual([]);
    expect(await listed("/v1/customers?stage=prospect")).toEqual([]);

    const data = await tenantData(tenant.tenantId);
    const now = new Date("2026-12-01T03:00:00Z");
    // Cut after one step of two customers, as a night whose budget ran out (or a job that died) would be.
    expect(await upgradeTenantData(data, now, { pages: 1, pageSize: 2 })).toEqual({
      done: false,
      upgraded: 2,
    });
    expect(await data.upgrades.state("owner-listings-1")).toMatchObject({ done: false, upgraded: 2 });
    expect(await upgradeTenantData(data, now, { pages: 10, pageSize: 2 })).toEqual({
      done: true,
      upgraded: 3,
    });
    for (const path of ["/v1/customers?tag=vip", "/v1/customers?q=old", "/v1/customers?stage=prospect"]) {
      expect(await listed(path), path).toEqual([...ids].sort());
    }
    // Done once: later nights read one item and write nothing.
    expect(await upgradeTenantData(data, now)).toEqual({ done: true, upgraded: 0 });
    expect(await data.upgrades.state("owner-listings-1")).toMatchObject({ done: true, upgraded: 5 });
  });
});

import {
  ContinuousBackupsUnavailableException,
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { createDynamoClient } from "./client.js";
import { TABLE_DESIGN } from "./table.js";
import { ensureTable } from "./tables.js";

// DynamoDB Local has no point-in-time recovery and never refuses like AWS does:
// what AWS is asked, and AWS's own refusals, are shown against a mocked client.
// test/api/tenant-move.test.ts shows the same code against DynamoDB Local.
const noWait = async () => undefined;

function mocked(client: ReturnType<typeof createDynamoClient>, table: { protectedAlready?: boolean } = {}) {
  const dynamo = mockClient(client);
  dynamo.on(DescribeTableCommand).resolves({
    Table: {
      TableStatus: "ACTIVE",
      DeletionProtectionEnabled: table.protectedAlready ?? false,
      GlobalSecondaryIndexes: TABLE_DESIGN.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        IndexStatus: "ACTIVE",
      })),
    },
  });
  dynamo.on(CreateTableCommand).resolves({});
  dynamo.on(UpdateTableCommand).resolves({});
  dynamo.on(UpdateTimeToLiveCommand).resolves({});
  dynamo.on(UpdateContinuousBackupsCommand).resolves({});
  return dynamo;
}

const unknownOperation = () =>
  Object.assign(new Error("An unknown operation was requested."), { name: "UnknownOperationException" });

describe("ensureTable", () => {
  it("creates a table with deletion protection and point-in-time recovery on", async () => {
    const client = createDynamoClient({ region: "eu-west-1" });
    const dynamo = mocked(client, { protectedAlready: true });
    await ensureTable(client, "crm-prod-tenant-t1", TABLE_DESIGN, { sleep: noWait });
    expect(dynamo.commandCalls(CreateTableCommand)[0]?.args[0].input.DeletionProtectionEnabled).toBe(true);
    expect(dynamo.commandCalls(UpdateContinuousBackupsCommand)[0]?.args[0].input).toEqual({
      TableName: "crm-prod-tenant-t1",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it("turns deletion protection on for a table that exists without it", async () => {
    const client = createDynamoClient({ region: "eu-west-1" });
    const dynamo = mocked(client);
    dynamo.on(CreateTableCommand).rejects(new ResourceInUseException({ message: "exists", $metadata: {} }));
    await ensureTable(client, "crm-prod-tenant-t1", TABLE_DESIGN, { sleep: noWait });
    expect(
      dynamo.commandCalls(UpdateTableCommand).map((call) => call.args[0].input.DeletionProtectionEnabled),
    ).toEqual([true]);
  });

  it("asks again while a new table's backups are not ready yet", async () => {
    const client = createDynamoClient({ region: "eu-west-1" });
    const dynamo = mocked(client, { protectedAlready: true });
    const notYet = new ContinuousBackupsUnavailableException({ message: "not yet", $metadata: {} });
    dynamo.on(UpdateContinuousBackupsCommand).rejectsOnce(notYet).rejectsOnce(notYet).resolves({});
    await ensureTable(client, "crm-prod-tenant-t1", TABLE_DESIGN, { sleep: noWait });
    expect(dynamo.commandCalls(UpdateContinuousBackupsCommand)).toHaveLength(3);
  });

  it("accepts DynamoDB Local's refusal of point-in-time recovery, and from DynamoDB Local only", async () => {
    const local = createDynamoClient({ endpoint: "http://127.0.0.1:8000" });
    mocked(local, { protectedAlready: true }).on(UpdateContinuousBackupsCommand).rejects(unknownOperation());
    await expect(ensureTable(local, "crm-tenant-t1", TABLE_DESIGN, { sleep: noWait })).resolves.toBe(
      undefined,
    );

    const aws = createDynamoClient({ region: "eu-west-1" });
    mocked(aws, { protectedAlready: true }).on(UpdateContinuousBackupsCommand).rejects(unknownOperation());
    await expect(ensureTable(aws, "crm-prod-tenant-t1", TABLE_DESIGN, { sleep: noWait })).rejects.toThrow(
      /unknown operation/,
    );
  });
});

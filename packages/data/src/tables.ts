import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { createTableInput, TABLE_DESIGN } from "./table.js";

/**
 * Creates a table of the CRM's design unless it exists, and adds indexes the
 * design gained since it was made. Used by the embedded stack at start and by
 * onboarding for dedicated tenants; CDK builds the pooled table in AWS from
 * the same TABLE_DESIGN.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const input = createTableInput(tableName);
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists(
    { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
  await addMissingIndexes(client, tableName);
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // Enabling TTL twice is refused with a validation error; the setting is what we wanted either way.
    if (!(error instanceof Error && /already enabled/i.test(error.message))) throw error;
  }
}

/** Adds the design's indexes a table lacks, one at a time as DynamoDB requires, each until it is active. */
async function addMissingIndexes(client: DynamoDBClient, tableName: string) {
  const describe = async () => (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  const present = new Set(((await describe())?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const wanted = createTableInput(tableName);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    for (let waited = 0; waited < 600; waited++) {
      const state = (await describe())?.GlobalSecondaryIndexes?.find(
        (candidate) => candidate.IndexName === index.IndexName,
      );
      if (state?.IndexStatus === "ACTIVE") break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

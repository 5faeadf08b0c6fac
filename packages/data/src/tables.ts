import {
  ContinuousBackupsUnavailableException,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { createTableInput, TABLE_DESIGN, type TableDesign } from "./table.js";

export type EnsureTableOptions = {
  /** How to wait between tries while a new table's backups are not ready yet; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Creates a table of the CRM's design (or of another, the limits table's)
 * unless it exists, and adds indexes the design gained since it was made.
 * Every table made here has deletion protection and point-in-time recovery,
 * as CDK gives the pooled table: dedicated tenants' tables hold a company's
 * only copy of its data. Used by the embedded stack at start and by
 * `pnpm tenant:move` for dedicated tenants; CDK builds the tables in AWS from
 * the same designs.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  design: TableDesign = TABLE_DESIGN,
  options: EnsureTableOptions = {},
): Promise<void> {
  const input = createTableInput(tableName, design);
  try {
    await client.send(new CreateTableCommand({ ...input, DeletionProtectionEnabled: true }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists(
    { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
  await addMissingIndexes(client, tableName, design);
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: design.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // Enabling TTL twice is refused with a validation error; the setting is what we wanted either way.
    if (!(error instanceof Error && /already enabled/i.test(error.message))) throw error;
  }
  await protect(client, tableName, options.sleep ?? pause);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * DynamoDB Local is the only DynamoDB the CRM reaches through an explicit
 * endpoint (createDynamoClient sets one for it alone; in AWS the SDK finds
 * the regional endpoint).
 */
const isDynamoDbLocal = (client: DynamoDBClient) => client.config.endpoint !== undefined;

/**
 * Turns on deletion protection (tables made before it was set here get it
 * too) and point-in-time recovery. DynamoDB Local keeps deletion protection
 * but does not know UpdateContinuousBackups (it answers
 * UnknownOperationException, as it has no backups at all): that refusal, from
 * DynamoDB Local only, is the one accepted. In AWS a table just created
 * answers ContinuousBackupsUnavailableException for a while: tried again.
 */
async function protect(client: DynamoDBClient, tableName: string, sleep: (ms: number) => Promise<void>) {
  const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  if (!table?.DeletionProtectionEnabled) {
    await client.send(new UpdateTableCommand({ TableName: tableName, DeletionProtectionEnabled: true }));
    await waitUntilTableExists(
      { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
      { TableName: tableName },
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(
        new UpdateContinuousBackupsCommand({
          TableName: tableName,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      );
      return;
    } catch (error) {
      if (error instanceof ContinuousBackupsUnavailableException && attempt < 40) {
        await sleep(3000);
        continue;
      }
      if (isDynamoDbLocal(client) && (error as Error).name === "UnknownOperationException") return;
      throw error;
    }
  }
}

/** Adds the design's indexes a table lacks, one at a time as DynamoDB requires, each until it is active. */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, design: TableDesign) {
  const describe = async () => (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  const present = new Set(((await describe())?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const wanted = createTableInput(tableName, design);
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

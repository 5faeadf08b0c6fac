import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { createTableInput, TABLE_DESIGN } from "./table.js";

/**
 * Creates a table of the CRM's design unless it exists. Used by the embedded
 * stack at start and by onboarding for dedicated tenants; CDK creates the
 * pooled table in AWS from the same TABLE_DESIGN.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists(
    { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
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

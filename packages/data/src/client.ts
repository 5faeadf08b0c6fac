import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export type DynamoConnection = {
  /** Set for DynamoDB Local; unset in AWS, where the SDK finds the regional endpoint. */
  endpoint?: string;
  region?: string;
  /**
   * DynamoDB Local keeps one database per access key id: the embedded stack's
   * is a secret of the install (unset: "local", which reads nothing of it).
   */
  accessKeyId?: string;
};

export function createDynamoClient(connection: DynamoConnection = {}): DynamoDBClient {
  return new DynamoDBClient({
    region: connection.region ?? process.env.AWS_REGION ?? "local",
    ...(connection.endpoint && {
      endpoint: connection.endpoint,
      // DynamoDB Local accepts any credentials (the key id picks the database); these keep the SDK from looking for real ones.
      credentials: { accessKeyId: connection.accessKeyId ?? "local", secretAccessKey: "local" },
    }),
    maxAttempts: 4,
  });
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

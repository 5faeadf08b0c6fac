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
    // A dead endpoint fails in a second or two and a hung one in bounded time (the API answers 503, a job is
    // tried again later), instead of the SDK's default of no timeout and four attempts.
    maxAttempts: 3,
    requestHandler: DYNAMO_TIMEOUTS,
  });
}

/**
 * Bounds of one attempt (three attempts at most): a connection in 1 s (a dead endpoint is refused at once or
 * times out here), an answer in 10 s (a hung one; generous, as DynamoDB Local on a busy laptop can be slow).
 */
export const DYNAMO_TIMEOUTS = {
  connectionTimeout: 1_000,
  requestTimeout: 10_000,
  throwOnRequestTimeout: true,
};

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

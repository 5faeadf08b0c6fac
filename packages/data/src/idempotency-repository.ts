import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { keys } from "./keys.js";
import { isConditionFailure } from "./transactions.js";

export type StoredResponse = { status: number; body: unknown; headers?: Record<string, string> };

export type IdempotencyClaim =
  | { state: "claimed" }
  | { state: "replay"; response: StoredResponse }
  | { state: "in-progress" }
  | { state: "mismatch" };

/** How long a key is remembered: long enough for any phone to come back online. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * Remembers the answer to a request made with an Idempotency-Key. The first
 * request claims the key with a lease; a retry while it runs is told so, a
 * retry after it replays the stored answer, and a lease left by a request that
 * died lapses so that a later retry can run it again.
 */
export class IdempotencyRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async claim(
    scope: string,
    key: string,
    fingerprint: string,
    nowSeconds: number,
    leaseSeconds = 30,
  ): Promise<IdempotencyClaim> {
    const itemKey = keys.idempotency(this.tenantId, scope, key);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...itemKey,
            fingerprint,
            state: "in-progress",
            leaseUntil: nowSeconds + leaseSeconds,
            expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
          },
          ConditionExpression: "attribute_not_exists(pk) OR (#state = :progress AND leaseUntil < :now)",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":progress": "in-progress", ":now": nowSeconds },
        }),
      );
      return { state: "claimed" };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: itemKey, ConsistentRead: true }),
    );
    if (!Item) return this.claim(scope, key, fingerprint, nowSeconds, leaseSeconds);
    if (Item.fingerprint !== fingerprint) return { state: "mismatch" };
    if (Item.state === "done") return { state: "replay", response: Item.response as StoredResponse };
    return { state: "in-progress" };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(this.tenantId, scope, key),
        UpdateExpression: "SET #state = :done, #response = :response REMOVE leaseUntil",
        ExpressionAttributeNames: { "#state": "state", "#response": "response" },
        ExpressionAttributeValues: { ":done": "done", ":response": response },
      }),
    );
  }

  /** The request failed in a way a retry may fix: forget the key. */
  async release(scope: string, key: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.idempotency(this.tenantId, scope, key) }),
    );
  }
}

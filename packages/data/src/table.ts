import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The single-table design, defined once. The embedded stack, the onboarding of
 * dedicated tenants and the CDK app all build their tables from this.
 */
export const TABLE_DESIGN = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds; DynamoDB deletes the item some time after. Code checks expiry itself too. */
  timeToLiveAttribute: "expiresAt",
  /**
   * Sparse, overloaded indexes: only items that carry an index's keys appear in
   * it. docs/data-model.md lists which access pattern uses which.
   */
  globalSecondaryIndexes: [
    { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    { name: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  ] as ReadonlyArray<{
    name: string;
    partitionKey: string;
    sortKey: string;
  }>,
} as const;

/** Dedicated tenants' tables are named with this prefix, so IAM can allow creating only those. */
export const tenantTableName = (prefix: string, tenantId: string) => `${prefix}${tenantId}`;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const indexes = TABLE_DESIGN.globalSecondaryIndexes;
  const attributes = new Set<string>([TABLE_DESIGN.partitionKey, TABLE_DESIGN.sortKey]);
  for (const index of indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: TABLE_DESIGN.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_DESIGN.sortKey, KeyType: "RANGE" },
    ],
    ...(indexes.length > 0 && {
      GlobalSecondaryIndexes: indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    }),
  };
}

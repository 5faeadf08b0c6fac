import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/** What a table of the CRM is made of: its keys, its TTL attribute and its indexes. */
export type TableDesign = {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly timeToLiveAttribute: string;
  readonly globalSecondaryIndexes: ReadonlyArray<{ name: string; partitionKey: string; sortKey: string }>;
};

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
} as const satisfies TableDesign;

/**
 * The limits table: rate-limit counters of requests that come before any
 * tenant is known (signup, sign-in), so they cannot live under a tenant's
 * keys in the CRM's table. Only counters: a counter's window is in its key
 * (keys.ts, limitKeys) and expiresAt lets DynamoDB delete it once the window is over.
 * Created by the embedded stack (ensureTable) and by CDK from this design.
 */
export const LIMITS_TABLE_DESIGN = {
  partitionKey: "pk",
  sortKey: "sk",
  timeToLiveAttribute: "expiresAt",
  globalSecondaryIndexes: [],
} as const satisfies TableDesign;

/** Dedicated tenants' tables are named with this prefix, so IAM can allow creating only those. */
export const tenantTableName = (prefix: string, tenantId: string) => `${prefix}${tenantId}`;

export function createTableInput(
  tableName: string,
  design: TableDesign = TABLE_DESIGN,
): CreateTableCommandInput {
  const indexes = design.globalSecondaryIndexes;
  const attributes = new Set<string>([design.partitionKey, design.sortKey]);
  for (const index of indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: design.partitionKey, KeyType: "HASH" },
      { AttributeName: design.sortKey, KeyType: "RANGE" },
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

import {
  AssumedRoleTenantClients,
  CrmStore,
  createDynamoClient,
  SharedTenantClients,
  type TenantClients,
  tenantTableName,
} from "@crm/data";
import { type DataConfig, dynamoConnection } from "./config.js";

/**
 * How long the API answers from memory a tenant's settings, its custom field
 * definitions and the user record a request is made by (docs/data-access.md).
 * A deactivation or a role change made through another instance applies
 * within this bound; made through this one, at once.
 */
export const API_ITEM_CACHE_MS = 5_000;

/**
 * The data layer, for the API and the job workers alike. Only the API keeps
 * items in memory (`itemCacheMs`): a job reads them once per run.
 */
export function createStore(config: DataConfig, options: { itemCacheMs?: number } = {}): CrmStore {
  const dynamo = createDynamoClient(dynamoConnection(config));
  return new CrmStore(tenantClients(config, dynamo), dynamo, {
    pooledTableName: config.tableName,
    tenantTablePrefix: config.tenantTablePrefix,
    registryCacheMs:
      config.registryCacheSeconds === undefined ? undefined : config.registryCacheSeconds * 1000,
    itemCacheMs: options.itemCacheMs,
  });
}

/**
 * In AWS every tenant's items are reached with credentials narrowed to that
 * tenant; in the embedded stack one client serves all (DynamoDB Local ignores IAM).
 */
function tenantClients(config: DataConfig, dynamo: ReturnType<typeof createDynamoClient>): TenantClients {
  const { tenantAccessRoleArn, tableArn } = config;
  if (!tenantAccessRoleArn || !tableArn) return new SharedTenantClients(dynamo);
  // The STS client is loaded at the first tenant session, not at a cold start.
  const sts = async () => new (await import("@aws-sdk/client-sts")).STSClient({ region: config.region });
  return new AssumedRoleTenantClients(sts, {
    roleArn: tenantAccessRoleArn,
    region: config.region,
    tableArns: (tenantId) => sessionTableArns(tableArn, config.tenantTablePrefix, tenantId),
  });
}

/** The tables a tenant's session may reach: the pooled table and the tenant's own (if it has one). */
export function sessionTableArns(tableArn: string, tenantTablePrefix: string, tenantId: string): string[] {
  const tablePrefix = tableArn.slice(0, tableArn.lastIndexOf("/") + 1);
  return [tableArn, `${tablePrefix}${tenantTableName(tenantTablePrefix, tenantId)}`];
}

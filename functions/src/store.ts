import { STSClient } from "@aws-sdk/client-sts";
import {
  AssumedRoleTenantClients,
  CrmStore,
  createDynamoClient,
  SharedTenantClients,
  type TenantClients,
  tenantTableName,
} from "@crm/data";
import { type DataConfig, dynamoConnection } from "./config.js";

/** The data layer, for the API and the job workers alike. */
export function createStore(config: DataConfig): CrmStore {
  const dynamo = createDynamoClient(dynamoConnection(config));
  return new CrmStore(tenantClients(config, dynamo), dynamo, {
    pooledTableName: config.tableName,
    tenantTablePrefix: config.tenantTablePrefix,
    registryCacheMs:
      config.registryCacheSeconds === undefined ? undefined : config.registryCacheSeconds * 1000,
  });
}

/**
 * In AWS every tenant's items are reached with credentials narrowed to that
 * tenant; in the embedded stack one client serves all (DynamoDB Local ignores IAM).
 */
function tenantClients(config: DataConfig, dynamo: ReturnType<typeof createDynamoClient>): TenantClients {
  const { tenantAccessRoleArn, tableArn } = config;
  if (!tenantAccessRoleArn || !tableArn) return new SharedTenantClients(dynamo);
  return new AssumedRoleTenantClients(new STSClient({ region: config.region }), {
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

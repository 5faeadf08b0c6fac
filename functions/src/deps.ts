import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { STSClient } from "@aws-sdk/client-sts";
import {
  AssumedRoleTenantClients,
  CrmStore,
  createDynamoClient,
  SharedTenantClients,
  type TenantClients,
  tenantTableName,
} from "@crm/data";
import type { ApiDeps } from "./api/env.js";
import { TenantLimiter } from "./api/tenant-limiter.js";
import { type ApiConfig, type DataConfig, issuerOf } from "./config.js";
import { CognitoIdentity } from "./identity/identity.js";
import { TokenVerifier } from "./identity/token-verifier.js";

/** Wires the API's collaborators from its configuration: the one place that does. */
export function createDeps(config: ApiConfig): ApiDeps {
  const cognito = new CognitoIdentityProviderClient({
    region: config.region,
    ...(config.cognitoEndpoint && {
      endpoint: config.cognitoEndpoint,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  });
  return {
    store: createStore(config),
    identity: new CognitoIdentity(cognito, config.userPoolId, config.userPoolClientId),
    verifier: new TokenVerifier(issuerOf(config), config.userPoolClientId),
    webUrl: config.webUrl,
    limiter: new TenantLimiter(),
  };
}

/** The data layer, for the API and the job workers alike. */
export function createStore(config: DataConfig): CrmStore {
  const dynamo = createDynamoClient({ endpoint: config.dynamoEndpoint, region: config.region });
  return new CrmStore(tenantClients(config, dynamo), dynamo, {
    pooledTableName: config.tableName,
    tenantTablePrefix: config.tenantTablePrefix,
  });
}

/**
 * In AWS every tenant's items are reached with credentials narrowed to that
 * tenant; in the embedded stack one client serves all (DynamoDB Local ignores IAM).
 */
function tenantClients(config: DataConfig, dynamo: ReturnType<typeof createDynamoClient>): TenantClients {
  const { tenantAccessRoleArn, tableArn } = config;
  if (!tenantAccessRoleArn || !tableArn) return new SharedTenantClients(dynamo);
  const tablePrefix = tableArn.slice(0, tableArn.lastIndexOf("/") + 1);
  return new AssumedRoleTenantClients(new STSClient({ region: config.region }), {
    roleArn: tenantAccessRoleArn,
    region: config.region,
    tableArns: (tenantId) => [
      tableArn,
      `${tablePrefix}${tenantTableName(config.tenantTablePrefix, tenantId)}`,
    ],
  });
}

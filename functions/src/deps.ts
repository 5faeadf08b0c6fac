import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { CrmStore, createDynamoClient } from "@crm/data";
import type { ApiDeps } from "./api/env.js";
import { type ApiConfig, issuerOf } from "./config.js";
import { CognitoIdentity } from "./identity/identity.js";
import { TokenVerifier } from "./identity/token-verifier.js";

/** Wires the API's collaborators from its configuration: the one place that does. */
export function createDeps(config: ApiConfig): ApiDeps {
  const dynamo = createDynamoClient({ endpoint: config.dynamoEndpoint, region: config.region });
  const cognito = new CognitoIdentityProviderClient({
    region: config.region,
    ...(config.cognitoEndpoint && {
      endpoint: config.cognitoEndpoint,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  });
  return {
    store: new CrmStore(dynamo, {
      pooledTableName: config.tableName,
      tenantTablePrefix: config.tenantTablePrefix,
    }),
    identity: new CognitoIdentity(cognito, config.userPoolId, config.userPoolClientId),
    verifier: new TokenVerifier(issuerOf(config), config.userPoolClientId),
    webUrl: config.webUrl,
  };
}

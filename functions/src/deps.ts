import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { ApiDeps } from "./api/env.js";
import { TenantLimiter } from "./api/tenant-limiter.js";
import { type ApiConfig, issuerOf } from "./config.js";
import { CognitoIdentity } from "./identity/identity.js";
import { TokenVerifier } from "./identity/token-verifier.js";
import { createStore } from "./store.js";

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

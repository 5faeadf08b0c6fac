import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { IDENTITY_SECRET_HEADER } from "./service-secrets.js";

// The secrets alone, without the Cognito client: config.ts needs them at every cold start.
export { deploymentSecretFileIn, IDENTITY_SECRET_HEADER, serviceCredentials } from "./service-secrets.js";

/**
 * A Cognito client for cognito-local: it carries this install's secret on
 * every call, as cognito-local (preloaded by cognito-local-keys.cjs) requires.
 */
export function localIdentityClient(
  endpoint: string,
  secret: () => Promise<string>,
): CognitoIdentityProviderClient {
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    ...IDENTITY_TIMEOUTS,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers[IDENTITY_SECRET_HEADER] = await secret();
      return next(args);
    },
    { step: "build", name: "embeddedIdentitySecret" },
  );
  return client;
}

/**
 * Bounds of the identity provider's calls, as DynamoDB's (packages/data/src/client.ts): one that is down or
 * hung fails sign-in in seconds (503, Retry-After) instead of holding the request.
 */
export const IDENTITY_TIMEOUTS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
};

import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { ApiDeps } from "./api/env.js";
import { TenantLimiter } from "./api/tenant-limiter.js";
import { type ApiConfig, issuerOf } from "./config.js";
import { CognitoIdentity } from "./identity/identity.js";
import { TokenVerifier } from "./identity/token-verifier.js";
import type { Enqueue } from "./jobs/dispatch.js";
import { sqsEnqueue } from "./jobs/sqs-enqueue.js";
import { createStore } from "./store.js";

/**
 * Wires the API's collaborators from its configuration: the one place that
 * does. Jobs go to SQS when a queue is configured; otherwise the caller
 * (the embedded stack) passes its local queue.
 */
export function createDeps(config: ApiConfig, enqueue?: Enqueue): ApiDeps {
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
    enqueue:
      enqueue ??
      (config.jobQueueUrl
        ? sqsEnqueue(new SQSClient({ region: config.region }), config.jobQueueUrl)
        : async () => {
            throw new Error("No job queue is configured.");
          }),
  };
}

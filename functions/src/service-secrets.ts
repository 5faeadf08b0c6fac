import { createHmac } from "node:crypto";
import { join } from "node:path";
import { deriveKey, secretFromFile } from "./deployment-keys.js";

/** Where an install keeps its deployment secret, under its data folder. */
export const deploymentSecretFileIn = (dataDir: string) => join(dataDir, "secrets", "deployment.key");

/** The header cognito-local requires on every call but the published keys: its admin API mints tokens. */
export const IDENTITY_SECRET_HEADER = "x-crm-identity-secret";

/**
 * What the embedded stack's own services ask of a caller, derived from this
 * install's deployment secret, so they are the same at every start and for
 * every process that has the secret file (the API, tests, tenant:move):
 * - DynamoDB Local listens on every network interface (it has no bind
 *   option) and accepts any credentials, but keeps one database per access
 *   key id: with a key nobody else knows, a stranger who connects finds an
 *   empty database.
 * - cognito-local's admin API can create users with any id and set any
 *   password: it answers only calls carrying this install's secret.
 */
export function serviceCredentials(secretFile: string): {
  dynamoAccessKeyId: string;
  identitySecret: string;
} {
  const key = deriveKey(secretFromFile(secretFile), "embedded-services");
  const derive = (label: string) => createHmac("sha256", key).update(label).digest("hex");
  return {
    // DynamoDB Local takes letters and digits only in an access key id.
    dynamoAccessKeyId: derive("dynamodb-local").slice(0, 32).toUpperCase(),
    identitySecret: derive("cognito-local"),
  };
}

import { existsSync } from "node:fs";
import type { DynamoConnection } from "@crm/data";
import { z } from "zod";
import { serviceCredentials } from "./service-secrets.js";

/**
 * What the API needs to know about where it runs. In AWS every value comes
 * from the function's environment, set by CDK; the embedded stack passes the
 * local endpoints. Nothing else differs between the two.
 */
export const DataConfigSchema = z.object({
  region: z.string().default("local"),
  tableName: z.string().min(1),
  tenantTablePrefix: z.string().min(1),
  /** DynamoDB Local's address; unset in AWS. */
  dynamoEndpoint: z.url().optional(),
  /**
   * In AWS: the role assumed per tenant, and the pooled table's ARN. Unset in
   * the embedded stack, where DynamoDB Local ignores IAM.
   */
  tenantAccessRoleArn: z.string().startsWith("arn:").optional(),
  tableArn: z.string().startsWith("arn:").optional(),
  /**
   * The deployment's secret, from which cursor and fingerprint keys derive:
   * a Secrets Manager secret in AWS, a file of this install in the embedded stack.
   */
  deploymentSecretArn: z.string().startsWith("arn:").optional(),
  deploymentSecretFile: z.string().min(1).optional(),
  /**
   * How long a process trusts a tenant's registry record (unset: 60 s).
   * `pnpm tenant:move` waits longer than this after each switch it makes.
   */
  registryCacheSeconds: z.coerce.number().int().min(0).optional(),
});
export type DataConfig = z.infer<typeof DataConfigSchema>;

export const ApiConfigSchema = DataConfigSchema.extend({
  userPoolId: z.string().min(1),
  userPoolClientId: z.string().min(1),
  /** cognito-local's address; unset in AWS. */
  cognitoEndpoint: z.url().optional(),
  /** Where the web client lives: CORS allows its origin, and secret links point at it unless mailLinkBase says otherwise. */
  webUrl: z.url().optional(),
  /** The job queue imports and exports go to; unset in the embedded stack, which runs them itself. */
  jobQueueUrl: z.url().optional(),
  /**
   * The limits table (rate-limit counters of signup and sign-in): its own
   * table, since those requests have no tenant to key them under.
   */
  limitsTableName: z.string().min(1),
  /**
   * Who the CRM's emails come from (`Name <address>` or an address): in AWS an
   * identity verified in SES, which the function may send as and nothing else.
   */
  mailFrom: z.string().min(3).optional(),
  /** The embedded stack's mail catcher (smtp://127.0.0.1:<port>); unset in AWS, which sends with SES. */
  smtpUrl: z.url().optional(),
  /**
   * Where links in emails, and the links answers show an admin, point: the
   * web client. Never the origin a request names (anyone can set its Host
   * header and so aim a reset link at their own site). Unset: WEB_URL.
   */
  mailLinkBase: z.url().optional(),
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;

const dataEnv = (env: NodeJS.ProcessEnv) => ({
  region: env.AWS_REGION,
  tableName: env.TABLE_NAME,
  tenantTablePrefix: env.TENANT_TABLE_PREFIX,
  dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
  tenantAccessRoleArn: env.TENANT_ACCESS_ROLE_ARN || undefined,
  tableArn: env.TABLE_ARN || undefined,
  deploymentSecretArn: env.DEPLOYMENT_SECRET_ARN || undefined,
  deploymentSecretFile: env.DEPLOYMENT_SECRET_FILE || undefined,
  registryCacheSeconds: env.REGISTRY_CACHE_SECONDS || undefined,
});

export const dataConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): DataConfig =>
  DataConfigSchema.parse(dataEnv(env));

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return ApiConfigSchema.parse({
    ...dataEnv(env),
    userPoolId: env.USER_POOL_ID,
    userPoolClientId: env.USER_POOL_CLIENT_ID,
    cognitoEndpoint: env.COGNITO_ENDPOINT || undefined,
    webUrl: env.WEB_URL || undefined,
    jobQueueUrl: env.JOB_QUEUE_URL || undefined,
    limitsTableName: env.LIMITS_TABLE_NAME,
    mailFrom: env.MAIL_FROM || undefined,
    smtpUrl: env.SMTP_URL || undefined,
  });
}

/**
 * Variables that point the code at local stand-ins: DynamoDB Local,
 * cognito-local, a secret kept in a file, the mail catcher. A Lambda that had one would talk to
 * a stranger's endpoint, trust its tokens or read a secret from its disk.
 */
export const LOCAL_ONLY_ENV = [
  "DYNAMODB_ENDPOINT",
  "COGNITO_ENDPOINT",
  "DEPLOYMENT_SECRET_FILE",
  "SMTP_URL",
] as const;

/** Refuses to run in AWS with any local-only variable set, even empty (one misplaced line in CDK would be enough). */
export function assertCloudEnv(env: NodeJS.ProcessEnv = process.env): void {
  const set = LOCAL_ONLY_ENV.filter((name) => env[name] !== undefined);
  if (set.length > 0) {
    throw new Error(
      `Refusing to start: ${set.join(", ")} ${set.length === 1 ? "is" : "are"} set. These are for the embedded stack only; a Lambda must not have them.`,
    );
  }
}

/** The API Lambda's configuration: from its environment, which must name no local stand-in. */
export function lambdaConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  assertCloudEnv(env);
  return configFromEnv(env);
}

/** The job Lambdas' configuration, checked the same way. */
export function lambdaDataConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DataConfig {
  assertCloudEnv(env);
  return dataConfigFromEnv(env);
}

/**
 * How to reach DynamoDB: the regional endpoint in AWS; DynamoDB Local with
 * this install's access key id in the embedded stack (derived from its
 * secret file; without one, the default key, whose database is another).
 */
export function dynamoConnection(
  config: Pick<DataConfig, "dynamoEndpoint" | "region" | "deploymentSecretFile">,
): DynamoConnection {
  if (!config.dynamoEndpoint) return { region: config.region };
  return {
    endpoint: config.dynamoEndpoint,
    region: config.region,
    // Read, never made here: a new secret would name a new, empty database.
    ...(config.deploymentSecretFile &&
      existsSync(config.deploymentSecretFile) && {
        accessKeyId: serviceCredentials(config.deploymentSecretFile).dynamoAccessKeyId,
      }),
  };
}

/** The token issuer: Cognito's regional address, or cognito-local's, plus the pool id. */
export function issuerOf(config: Pick<ApiConfig, "region" | "userPoolId" | "cognitoEndpoint">): string {
  const base = config.cognitoEndpoint ?? `https://cognito-idp.${config.region}.amazonaws.com`;
  return `${base.replace(/\/$/, "")}/${config.userPoolId}`;
}

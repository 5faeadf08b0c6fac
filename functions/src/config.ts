import { z } from "zod";

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
});
export type DataConfig = z.infer<typeof DataConfigSchema>;

export const ApiConfigSchema = DataConfigSchema.extend({
  userPoolId: z.string().min(1),
  userPoolClientId: z.string().min(1),
  /** cognito-local's address; unset in AWS. */
  cognitoEndpoint: z.url().optional(),
  /** Where the web client lives, for invitation links. Unset: the origin the request came to. */
  webUrl: z.url().optional(),
  /** The job queue imports and exports go to; unset in the embedded stack, which runs them itself. */
  jobQueueUrl: z.url().optional(),
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
  });
}

/** The token issuer: Cognito's regional address, or cognito-local's, plus the pool id. */
export function issuerOf(config: Pick<ApiConfig, "region" | "userPoolId" | "cognitoEndpoint">): string {
  const base = config.cognitoEndpoint ?? `https://cognito-idp.${config.region}.amazonaws.com`;
  return `${base.replace(/\/$/, "")}/${config.userPoolId}`;
}

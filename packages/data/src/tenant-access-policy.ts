import { TENANT_ID_PATTERN } from "@crm/domain";

/**
 * What a tenant-scoped session may do to items. TransactWriteItems is
 * authorized item by item through these same actions.
 */
export const TENANT_ITEM_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
] as const;

/** The session tag that carries the tenant into IAM. */
export const TENANT_SESSION_TAG = "TenantId";

const tablesAndIndexes = (tableArns: readonly string[]) =>
  tableArns.flatMap((arn) => [arn, `${arn}/index/*`]);

/**
 * The session policy for one tenant: item actions only on items whose
 * partition key starts with "<tenantId>#" (dynamodb:LeadingKeys). Passed to
 * sts:AssumeRole per tenant; a bug in the app then still cannot reach another
 * tenant's items. Scan is not among the actions: it has no leading key to check.
 */
export function tenantSessionPolicy(tenantId: string, tableArns: readonly string[]) {
  if (!TENANT_ID_PATTERN.test(tenantId))
    throw new Error(`Refusing a session policy for a malformed tenant id.`);
  if (tableArns.length === 0) throw new Error("A session policy needs at least one table.");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "OwnTenantItemsOnly",
        Effect: "Allow",
        Action: [...TENANT_ITEM_ACTIONS],
        Resource: tablesAndIndexes(tableArns),
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${tenantId}#*`] } },
      },
    ],
  };
}

/**
 * The tenant access role's own permission, for CDK: the same actions, keyed by
 * the session's TenantId tag. A session without the tag matches nothing, so
 * even a session assumed without the session policy is held to one tenant.
 */
export function tenantAccessRoleStatement(tableArnPatterns: readonly string[]) {
  return {
    Sid: "TaggedTenantItemsOnly",
    Effect: "Allow",
    Action: [...TENANT_ITEM_ACTIONS],
    Resource: tablesAndIndexes(tableArnPatterns),
    Condition: {
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`\${aws:PrincipalTag/${TENANT_SESSION_TAG}}#*`] },
    },
  };
}

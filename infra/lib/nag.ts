import { type CfnElement, type Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { CrmStack } from "./crm-stack.js";

const accept = (construct: IConstruct, ids: string[], reason: string) => {
  for (const id of ids) Validations.of(construct).acknowledge({ id: `AwsSolutions-${id}`, reason });
};

/**
 * The cdk-nag (AwsSolutions) findings this stack accepts, each with its
 * reason. Anything not listed here fails synth.
 */
export function applyNagSuppressions(stack: CrmStack) {
  const region = "<AWS::Region>";
  const tenantTables = `arn:<AWS::Partition>:dynamodb:${region}:<AWS::AccountId>:table/${stack.data.tenantTablePrefix}*`;

  accept(
    stack.auth.userPool,
    ["COG1"],
    "Policy follows NIST SP 800-63B: 10+ characters with upper, lower and digit; no forced symbols (composition rules push users to predictable passwords).",
  );
  accept(
    stack.auth.userPool,
    ["COG2"],
    "TOTP MFA is optional per user; tenants that need it can require it later without blocking sales reps' first sign-in.",
  );
  accept(
    stack.auth.userPool,
    ["COG8"],
    "The Plus tier costs $0.02 per MAU; sign-in abuse is bounded by API throttling and Cognito's built-in lockout. Revisit at scale.",
  );

  accept(
    stack.web.bucket,
    ["S1"],
    "Only CloudFront (origin access control) reads the bucket; viewer traffic is visible in CloudFront metrics. Access logs would cost more than the site.",
  );
  accept(stack.web.distribution, ["CFR1"], "The CRM is sold worldwide; no country is excluded.");
  accept(
    stack.web.distribution,
    ["CFR2"],
    "A WAF web ACL costs $5+/month at rest; the static client has no dynamic surface and the API has its own throttling.",
  );
  accept(
    stack.web.distribution,
    ["CFR3"],
    "Static files only; API access logs and CloudFront metrics cover operations. Enable standard logging when a custom domain is added.",
  );
  accept(
    stack.web.distribution,
    ["CFR4"],
    "The default *.cloudfront.net certificate is used until a custom domain is configured; then the TLSv1.2_2021 policy applies.",
  );

  for (const route of stack.api.publicRoutes) {
    accept(
      route,
      ["APIG4"],
      "Public by design: signup, sign-in, token refresh, invitation acceptance, forgot and reset password, the API description and CORS preflights (which browsers send without a token) need none.",
    );
  }
  for (const fn of [stack.api.handler, stack.jobs.dispatcher, stack.jobs.worker]) {
    accept(
      fn,
      ["IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]"],
      "Grants only CloudWatch Logs writes for the function's own logs.",
    );
  }
  const schedulerRole = stack.node.children.find((child) =>
    child.node.id.startsWith("SchedulerRoleForTarget"),
  );
  if (schedulerRole) {
    accept(
      schedulerRole,
      [`IAM5[Resource::${arnOf(stack, stack.jobs.dispatcher.node.defaultChild)}:*]`],
      "EventBridge Scheduler may invoke the dispatcher function's versions; it can invoke nothing else.",
    );
  }
  accept(
    stack.api.tenantAccessRole,
    [
      `IAM5[Resource::${tenantTables}]`,
      `IAM5[Resource::${tenantTables}/index/*]`,
      `IAM5[Resource::${arnOf(stack, stack.data.table.node.defaultChild)}/index/*]`,
    ],
    "Item actions on the pooled table, dedicated tenants' tables and their indexes, limited by dynamodb:LeadingKeys to the session's TenantId tag.",
  );

  accept(
    stack.api.handler,
    ["IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]"],
    "ses:SendEmail only, and only with the configured sender as ses:FromAddress; SES also checks recipients' identities while the account is in the SES sandbox.",
  );

  accept(
    stack.api.deploymentSecret,
    ["SMG4"],
    "Not rotated automatically: page cursors and idempotency fingerprints are sealed with keys derived from it, so rotating would invalidate every open cursor and idempotency record at once. Rotation is an operator action, planned with a release.",
  );

  // The bucket deployment is a CDK-provided singleton function.
  const deployment = stack.node.children.find((child) =>
    child.node.id.startsWith("Custom::CDKBucketDeployment"),
  );
  if (deployment) acceptBucketDeployment(deployment, arnOf(stack, stack.web.bucket.node.defaultChild));
}

/** How cdk-nag names a resource's ARN in a finding. */
const arnOf = (stack: Stack, resource: IConstruct | undefined) =>
  `<${stack.getLogicalId(resource as CfnElement)}.Arn>`;

function acceptBucketDeployment(deployment: IConstruct, siteBucketArn: string) {
  const reason =
    "CDK's BucketDeployment handler: runs only at deploy, with the permissions CDK gives it to copy the web build.";
  accept(
    deployment,
    ["L1", "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]"],
    reason,
  );
  accept(
    deployment,
    [
      "IAM5[Action::s3:GetObject*]",
      "IAM5[Action::s3:GetBucket*]",
      "IAM5[Action::s3:List*]",
      "IAM5[Action::s3:DeleteObject*]",
      "IAM5[Action::s3:Abort*]",
      "IAM5[Resource::*]",
      `IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]`,
      `IAM5[Resource::${siteBucketArn}/*]`,
    ],
    reason,
  );
}

import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { addCrm } from "../../infra/lib/app.js";
import type { Stage } from "../../infra/lib/stage.js";

/**
 * The app as `synth` builds it (cdk-nag included), by default without
 * bundling the Lambda so that template tests stay fast.
 */
export function synthStack(stage: Stage, options: { bundle?: boolean } = {}) {
  const app = new App({
    context: options.bundle ? { "aws:cdk:enable-asset-metadata": true } : { "aws:cdk:bundling-stacks": [] },
  });
  const stack = addCrm(app, stage);
  return { app, stack, template: () => Template.fromStack(stack) };
}

export type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };

/** The statements of the policies attached to roles whose logical id starts with rolePrefix. */
export function roleStatements(template: Template, rolePrefix: string): Statement[] {
  return Object.values(template.findResources("AWS::IAM::Policy"))
    .filter((policy) =>
      (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref.startsWith(rolePrefix)),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (statements: Statement[]) =>
  statements.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );

/**
 * The one item action a function's own role may have on the CRM's table: Query
 * of the tenant listing index, limited to its "TENANTS" partition.
 */
export const isTenantListingQuery = (statement: Statement) =>
  statement.Action === "dynamodb:Query" &&
  JSON.stringify(statement.Resource).endsWith('"/index/gsi1"]]}') &&
  JSON.stringify(statement.Condition) ===
    JSON.stringify({ "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["TENANTS"] } });

import { type App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { CrmStack } from "./crm-stack.js";
import { applyNagSuppressions } from "./nag.js";
import type { Stage } from "./stage.js";

/**
 * The CRM's CDK app for one stage, checked by cdk-nag's AwsSolutions pack:
 * an unacknowledged finding fails synth. bin/app.ts and the tests both build it here.
 */
export function addCrm(app: App, stage: Stage): CrmStack {
  // No env: the template names no account or region; the deploying credentials decide both.
  const stack = new CrmStack(app, `Crm-${stage}`, {
    stage,
    description: `CRM (${stage}): multi-tenant serverless CRM`,
  });
  Tags.of(stack).add("app", "crm");
  Tags.of(stack).add("stage", stage);
  // The findings the stack accepts sit beside the checks that raise them (nag.ts reads the stack's parts).
  applyNagSuppressions(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

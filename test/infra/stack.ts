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

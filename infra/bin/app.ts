import { App } from "aws-cdk-lib";
import { addCrm } from "../lib/app.js";
import { stageFrom } from "../lib/stage.js";

/**
 * `npx pnpm@10 synth` (offline) and `npx pnpm@10 run deploy`. The stage comes
 * from context: -c stage=dev (default) or -c stage=prod.
 */
const app = new App();
addCrm(app, stageFrom(app.node.tryGetContext("stage")));

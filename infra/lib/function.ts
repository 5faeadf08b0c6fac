import { relative, resolve } from "node:path";
import type { Duration } from "aws-cdk-lib";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { LAMBDA_BUNDLE, lambdaBundleCommand } from "./lambda-bundle.js";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * Every Lambda of the CRM is built the same way: Node.js 24 on arm64, a
 * minified ESM entry bundled by esbuild with source maps (LAMBDA_BUNDLE), its
 * lazily imported code in chunks beside it, a month of logs.
 */
export function crmFunction(
  scope: Construct,
  id: string,
  props: {
    /** Path below functions/src/lambda/. */
    entry: string;
    environment: Record<string, string>;
    memorySize: number;
    timeout: Duration;
  },
): NodejsFunction {
  const entry = resolve(ROOT, "functions/src/lambda", props.entry);
  return new NodejsFunction(scope, id, {
    entry,
    handler: "handler",
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    logGroup: new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH }),
    bundling: {
      minify: LAMBDA_BUNDLE.minify,
      sourceMap: LAMBDA_BUNDLE.sourcemap,
      sourcesContent: LAMBDA_BUNDLE.sourcesContent,
      target: LAMBDA_BUNDLE.target,
      format: OutputFormat.ESM,
      mainFields: [...LAMBDA_BUNDLE.mainFields],
      banner: LAMBDA_BUNDLE.banner.js,
      // Bundled, not taken from the runtime: the versions tested are the versions run.
      externalModules: [],
      // NodejsFunction writes one file and cannot split code; the same build is
      // redone over it with splitting (lambda-bundle.ts says why).
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir, outputDir) => [
          lambdaBundleCommand(inputDir, `${inputDir}/${relative(ROOT, entry)}`, outputDir),
        ],
      },
    },
    environment: {
      NODE_OPTIONS: "--enable-source-maps",
      POWERTOOLS_SERVICE_NAME: `crm-${id.toLowerCase()}`,
      ...props.environment,
    },
  });
}

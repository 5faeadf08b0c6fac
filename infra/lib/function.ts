import { resolve } from "node:path";
import type { Duration } from "aws-cdk-lib";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";

/**
 * Every Lambda of the CRM is built the same way: Node.js 24 on arm64, one
 * minified ESM file bundled by esbuild with source maps, a month of logs.
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
  return new NodejsFunction(scope, id, {
    entry: resolve(import.meta.dirname, "../../functions/src/lambda", props.entry),
    handler: "handler",
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    logGroup: new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH }),
    bundling: {
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      target: "node24",
      format: OutputFormat.ESM,
      mainFields: ["module", "main"],
      // ESM bundles still meet CommonJS dependencies that call require().
      banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      // Bundled, not taken from the runtime: the versions tested are the versions run.
      externalModules: [],
    },
    environment: {
      NODE_OPTIONS: "--enable-source-maps",
      POWERTOOLS_SERVICE_NAME: `crm-${id.toLowerCase()}`,
      ...props.environment,
    },
  });
}

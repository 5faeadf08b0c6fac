/**
 * Builds one Lambda entry into a folder with LAMBDA_BUNDLE and its plugins:
 * run by each function's CDK bundling hook (infra/lib/function.ts).
 *   tsx infra/lib/build-lambda.ts <entry.ts> <outdir>
 */
import { build } from "esbuild";
import { LAMBDA_BUNDLE, LAMBDA_PLUGINS } from "./lambda-bundle.js";

const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) throw new Error("usage: build-lambda.ts <entry> <outdir>");
await build({ ...LAMBDA_BUNDLE, plugins: LAMBDA_PLUGINS, entryPoints: [entry], outdir, logLevel: "warning" });

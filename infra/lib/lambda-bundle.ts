import { readFile } from "node:fs/promises";
import type { BuildOptions, Plugin } from "esbuild";

/**
 * How every Lambda is bundled, in esbuild's terms. infra/lib/function.ts
 * builds with it, and test/bench/module-load.ts measures what it builds: no
 * CDK import here, so the bench can load it.
 *
 * Code splitting: what `import()` loads (the pinyin dictionary, phone
 * metadata, the Cognito client, the mail clients, the API reference) becomes
 * a chunk of its own, read and parsed at its first use. A cold start parses
 * only the entry and what it imports statically: parsing is most of a cold
 * start's module load.
 */
export const LAMBDA_BUNDLE = {
  bundle: true,
  platform: "node",
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  target: "node24",
  format: "esm",
  mainFields: ["module", "main"],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  splitting: true,
  entryNames: "index",
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
} satisfies BuildOptions;

/**
 * zod's translations of its messages into some fifty languages (about 250 KB,
 * most of zod) are left out: the API never switches zod's language (its
 * problems carry codes, which the web client words). zod's English, which it
 * sets itself, stays; `z.locales` is empty.
 */
export const zodWithoutLocales: Plugin = {
  name: "zod-without-locales",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: "zod-locales", namespace: "zod-without-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-without-locales" }, () => ({ contents: "export {};" }));
  },
};

/**
 * libphonenumber-js's metadata (about 80 KB, every country's numbering plan)
 * is built into a plain object at its first use, not at a cold start: it
 * ships as a JSON string, which loads as fast as any string, and is parsed
 * when a phone number is first read or written. The library takes it
 * synchronously, so it gets a stand-in object that parses the string at the
 * first look inside it.
 */
export const phoneMetadataOnFirstUse: Plugin = {
  name: "phone-metadata-on-first-use",
  setup(build) {
    build.onLoad({ filter: /[\\/]libphonenumber-js[\\/]metadata\.min\.json\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const json = source.slice(source.indexOf("export default ") + "export default ".length).trim();
      JSON.parse(json); // it is JSON: fail the build, not a request, if a release changes that
      return {
        loader: "js",
        contents: `const text = ${JSON.stringify(json)};
let metadata;
const real = () => (metadata ??= JSON.parse(text));
export default new Proxy({}, {
  get: (_, key) => real()[key],
  has: (_, key) => key in real(),
  ownKeys: () => Reflect.ownKeys(real()),
  getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(real(), key),
});`,
      };
    });
  },
};

export const LAMBDA_PLUGINS = [zodWithoutLocales, phoneMetadataOnFirstUse];

/** The command a CDK bundling hook runs to build `entry` into `outdir` (build-lambda.ts). */
export function lambdaBundleCommand(projectDir: string, entry: string, outdir: string): string {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  return `npx --no-install tsx ${quote(`${projectDir}/infra/lib/build-lambda.ts`)} ${quote(entry)} ${quote(outdir)}`;
}

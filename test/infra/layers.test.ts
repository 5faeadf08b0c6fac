import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// The layers are held by the tools (biome.json, each package's tsconfig.json); these show the tools refuse.
const repo = resolve(import.meta.dirname, "../..");
const made: string[] = [];

/** A fresh folder inside the repo, so the repo's own configuration applies; hidden, so whole-repo runs skip it. */
function probe(files: Record<string, string>) {
  const dir = mkdtempSync(join(repo, "test/infra/.layer-probe-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const run = (tool: string, args: string[]) => {
  const result = spawnSync(join(repo, "node_modules/.bin", tool), args, { cwd: repo, encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
};

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("lint (biome.json)", () => {
  /** Two modules; b imports a (by type only: erased at runtime, yet still a layer pointing back) or not. */
  const lintTwoModules = (bImportsA: boolean) =>
    run("biome", [
      "lint",
      relative(
        repo,
        probe({
          "a.ts": 'import { b } from "./b.js";\n\nexport const a = () => b;\n',
          "b.ts": bImportsA
            ? 'import type { a } from "./a.js";\n\nexport const b: typeof a | 1 = 1;\n'
            : "export const b = 1;\n",
        }),
      ),
    ]);

  it("fails on two modules that import each other, even by type only", () => {
    const result = lintTwoModules(true);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("noImportCycles");
  });

  it("passes the same modules when only one imports the other", () => {
    const result = lintTwoModules(false);
    expect(result.output).not.toContain("noImportCycles");
    expect(result.status).toBe(0);
  });
});

describe("typecheck (packages/domain/tsconfig.json)", () => {
  it("refuses Node and the DOM in the domain, and keeps ECMAScript's own APIs", () => {
    const dir = probe({
      // The domain's settings, on one file of its own.
      "tsconfig.json": JSON.stringify({
        extends: join(repo, "packages/domain/tsconfig.json"),
        compilerOptions: { composite: false, emitDeclarationOnly: false, noEmit: true },
        include: ["probe.ts"],
        exclude: [],
      }),
      "probe.ts": [
        'import { readFileSync } from "node:fs";',
        "export const env = process.env.TZ;",
        'export const bytes = Buffer.from("x");',
        "export const where = window.location;",
        "export const read = readFileSync;",
        'export const ecmascript = [new Intl.NumberFormat("en").format(1), [1, 2].findLast((n) => n > 1)];',
        "",
      ].join("\n"),
    });
    const { output } = run("tsc", ["-p", join(dir, "tsconfig.json")]);
    const failing = [...output.matchAll(/probe\.ts\((\d+),/g)].map((match) => Number(match[1]));
    expect([...new Set(failing)].sort()).toEqual([1, 2, 3, 4]);
  });
});

describe("@crm/functions (functions/package.json)", () => {
  const require = createRequire(import.meta.url);

  it("lets others import the modules it exports, and no other", () => {
    expect(require.resolve("@crm/functions/config")).toMatch(/functions\/src\/config\.ts$/);
    expect(() => require.resolve("@crm/functions/api/routes/customers")).toThrow(/not defined by "exports"/);
    expect(() => require.resolve("@crm/functions/lambda/api")).toThrow(/not defined by "exports"/);
  });
});

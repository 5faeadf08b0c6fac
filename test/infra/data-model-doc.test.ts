import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { keys, TABLE_DESIGN } from "@crm/data";
import { describe, expect, it } from "vitest";

const doc = readFileSync(resolve(import.meta.dirname, "../../docs/data-model.md"), "utf8");

describe("docs/data-model.md", () => {
  it("lists every kind of item the code has a key builder for", () => {
    const missing = Object.keys(keys).filter((kind) => !doc.includes(`\`keys.${kind}\``));
    expect(missing).toEqual([]);
  });

  it("names every index of the table design, and no other", () => {
    for (const index of TABLE_DESIGN.globalSecondaryIndexes) expect(doc).toContain(index.name);
    const named = new Set(doc.match(/gsi\d/g));
    expect([...named].sort()).toEqual(TABLE_DESIGN.globalSecondaryIndexes.map((index) => index.name).sort());
  });
});

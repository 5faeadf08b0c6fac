import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type KeyKind, keys } from "./keys.js";

const tenantId = fc.stringMatching(/^t[0-9a-f]{24}$/);
// Ids that come from outside may hold anything, separators included.
const anyId = fc.string({ minLength: 1, maxLength: 40 });

const kinds = Object.keys(keys) as KeyKind[];

/** Calls a key builder with the tenant id first and arbitrary other ids after it. */
function build(kind: KeyKind, tenant: string, ids: string[]) {
  const builder = keys[kind] as (...args: string[]) => { pk: string; sk: string };
  return builder(tenant, ...ids.slice(0, builder.length - 1));
}

describe("item keys", () => {
  it.each(kinds)("every %s key starts with its tenant's id and a separator", (kind) => {
    fc.assert(
      fc.property(tenantId, fc.array(anyId, { minLength: 3, maxLength: 3 }), (tenant, ids) => {
        expect(build(kind, tenant, ids).pk.startsWith(`${tenant}#`)).toBe(true);
      }),
    );
  });

  it.each(kinds)("two tenants never share a %s partition, whatever the other ids", (kind) => {
    fc.assert(
      fc.property(
        tenantId,
        tenantId,
        fc.array(anyId, { minLength: 3, maxLength: 3 }),
        fc.array(anyId, { minLength: 3, maxLength: 3 }),
        (a, b, idsA, idsB) => {
          fc.pre(a !== b);
          expect(build(kind, a, idsA).pk).not.toBe(build(kind, b, idsB).pk);
        },
      ),
    );
  });
});

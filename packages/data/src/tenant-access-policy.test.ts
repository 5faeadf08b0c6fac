import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  TENANT_ITEM_ACTIONS,
  tenantAccessRoleStatement,
  tenantSessionPolicy,
} from "./tenant-access-policy.js";

const table = "arn:aws:dynamodb:eu-west-1:111122223333:table/crm";
const tenantId = "t0123456789abcdef01234567";

describe("the tenant session policy", () => {
  it("allows item actions only on keys that start with the tenant's id and a separator", () => {
    const policy = tenantSessionPolicy(tenantId, [table]);
    expect(policy.Statement).toEqual([
      {
        Sid: "OwnTenantItemsOnly",
        Effect: "Allow",
        Action: [...TENANT_ITEM_ACTIONS],
        Resource: [table, `${table}/index/*`],
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${tenantId}#*`] } },
      },
    ]);
  });

  it("never allows a Scan, a table change or a wildcard action", () => {
    const actions: string[] = tenantSessionPolicy(tenantId, [table]).Statement.flatMap(
      (statement) => statement.Action,
    );
    expect(actions).not.toContain("dynamodb:Scan");
    expect(actions.some((action) => action.includes("*") || /Table|Backup|Stream/.test(action))).toBe(false);
  });

  it("refuses to build a policy from anything but a well-formed tenant id", () => {
    fc.assert(
      fc.property(fc.string(), (candidate) => {
        fc.pre(!/^t[0-9a-f]{24}$/.test(candidate));
        expect(() => tenantSessionPolicy(candidate, [table])).toThrow();
      }),
    );
    expect(() => tenantSessionPolicy("*", [table])).toThrow();
    expect(() => tenantSessionPolicy(tenantId, [])).toThrow();
  });

  it("fits in an STS session policy (2,048 characters packed) with a dedicated table beside the pooled one", () => {
    const policy = tenantSessionPolicy(tenantId, [table, `${table}-tenant-${tenantId}`]);
    expect(JSON.stringify(policy).length).toBeLessThan(2048);
  });

  it("keys the role's own permission on the session tag, so an untagged session matches nothing", () => {
    const statement = tenantAccessRoleStatement([table, `${table}-tenant-*`]);
    expect(statement.Condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]).toEqual([
      "${aws:PrincipalTag/TenantId}#*",
    ]);
    expect(statement.Action).toEqual([...TENANT_ITEM_ACTIONS]);
  });
});

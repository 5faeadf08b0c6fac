import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { AssumedRoleTenantClients } from "./tenant-clients.js";

// There is no STS in the embedded stack: the AWS path is shown against a mocked STS.
const sts = mockClient(STSClient);
const A = "t0000000000000000000000aa";
const B = "t0000000000000000000000bb";
const C = "t0000000000000000000000cc";
const pooled = "arn:aws:dynamodb:eu-west-1:111122223333:table/crm";

function provider(now: () => number, maxTenants?: number) {
  return new AssumedRoleTenantClients(
    sts as unknown as STSClient,
    {
      roleArn: "arn:aws:iam::111122223333:role/tenant-access",
      region: "eu-west-1",
      tableArns: () => [pooled],
      maxTenants,
    },
    now,
  );
}

const assumedFor = () =>
  sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input.Tags?.[0]?.Value);

describe("tenant-scoped credentials", () => {
  let clock = 0;
  beforeEach(() => {
    sts.reset();
    clock = Date.parse("2026-11-22T10:00:00Z");
    sts.on(AssumeRoleCommand).callsFake(() => ({
      Credentials: {
        AccessKeyId: "AKIA",
        SecretAccessKey: "secret",
        SessionToken: "token",
        Expiration: new Date(clock + 15 * 60 * 1000),
      },
    }));
  });

  it("assumes the role with the tenant's session policy and tag", async () => {
    await provider(() => clock).forTenant(A);
    const input = sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
    expect(input?.Tags).toEqual([{ Key: "TenantId", Value: A }]);
    expect(input?.RoleSessionName).toBe(`tenant-${A}`);
    const policy = JSON.parse(input?.Policy ?? "{}");
    expect(policy.Statement[0].Condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]).toEqual([
      `${A}#*`,
    ]);
  });

  it("keeps one session per tenant while it is fresh, and never hands one tenant's to another", async () => {
    const clients = provider(() => clock);
    const [a1, a2] = await Promise.all([clients.forTenant(A), clients.forTenant(A)]);
    const b = await clients.forTenant(B);
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it("renews a session five minutes before it expires", async () => {
    const clients = provider(() => clock);
    const first = await clients.forTenant(A);
    clock += 9 * 60 * 1000;
    expect(await clients.forTenant(A)).toBe(first);
    clock += 2 * 60 * 1000;
    expect(await clients.forTenant(A)).not.toBe(first);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it("forgets the least recently used tenant when full, not the one that came first", async () => {
    const clients = provider(() => clock, 2);
    const a = await clients.forTenant(A);
    await clients.forTenant(B);
    // A is used again: B is now the least recently used.
    expect(await clients.forTenant(A)).toBe(a);
    await clients.forTenant(C);
    expect(await clients.forTenant(A)).toBe(a);
    await clients.forTenant(B);
    expect(assumedFor()).toEqual([A, B, C, B]);
  });

  it("keeps a busy tenant's session while a stream of other tenants passes through", async () => {
    const clients = provider(() => clock, 3);
    const busy = await clients.forTenant(A);
    for (let n = 0; n < 20; n++) {
      await clients.forTenant(`t${n.toString(16).padStart(24, "0")}`);
      expect(await clients.forTenant(A)).toBe(busy);
    }
    expect(assumedFor().filter((tenant) => tenant === A)).toHaveLength(1);
  });
});

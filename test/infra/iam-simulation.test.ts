import { runSimulation } from "@cloud-copilot/iam-simulate";
import {
  TABLE_DESIGN,
  TENANT_ITEM_ACTIONS,
  TENANT_LISTING,
  TENANT_SESSION_TAG,
  tenantSessionPolicy,
} from "@crm/data";
import { sessionTableArns } from "@crm/functions/store";
import { beforeAll, describe, expect, it } from "vitest";
import { DEPLOYED, type Resources, resolveIntrinsics } from "./intrinsics.js";
import { synthStack } from "./stack.js";

/**
 * Tenant isolation in IAM, evaluated rather than described: the policies as
 * synthesized (and the session policy as the app builds it) go through an
 * offline IAM policy simulator with the context each DynamoDB call carries.
 */

const A = `t${"a1".repeat(12)}`;
const B = `t${"b2".repeat(12)}`;
const INDEXES = TABLE_DESIGN.globalSecondaryIndexes.map((index) => index.name);

type Policy = { Version: string; Statement: unknown[] };
type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";
/** Which table (the pooled one, or a tenant's own) and, for index reads, which index. */
type Target = { table: "pooled" | string; index?: string };
type Request = {
  action: string;
  on: Target;
  /** dynamodb:LeadingKeys: the partition keys the call touches (none for Scan). */
  leadingKeys?: string[];
  /** aws:PrincipalTag/TenantId of the session; null for a session assumed without it. */
  tag?: string | null;
};

let template: ReturnType<ReturnType<typeof synthStack>["template"]>;
let resources: Resources;
/** What the API function's environment says, resolved as in a deployment. */
let tableArn: string;
let tenantTablePrefix: string;

/** The identity policies of a role (inline and attached) as deployed; managed AWS policies are named, not read. */
function rolePolicies(rolePrefix: string): { principal: string; policies: Policy[]; managed: string[] } {
  const [roleId, role] = Object.entries(resources).find(
    ([id, resource]) => resource.Type === "AWS::IAM::Role" && id.startsWith(rolePrefix),
  ) ?? [undefined, undefined];
  if (!roleId || !role) throw new Error(`No role ${rolePrefix}.`);
  const attached = Object.values(resources)
    .filter(
      (resource) =>
        resource.Type === "AWS::IAM::Policy" &&
        ((resource.Properties?.Roles ?? []) as Array<{ Ref: string }>).some((ref) => ref.Ref === roleId),
    )
    .map((resource) => resource.Properties?.PolicyDocument);
  const inline = ((role.Properties?.Policies ?? []) as Array<{ PolicyDocument: unknown }>).map(
    (policy) => policy.PolicyDocument,
  );
  return {
    principal: `arn:aws:sts::${DEPLOYED.account}:assumed-role/${roleId}-role/session`,
    policies: resolveIntrinsics([...attached, ...inline], resources),
    managed: resolveIntrinsics(role.Properties?.ManagedPolicyArns ?? [], resources),
  };
}

/** One evaluation; a request the simulator cannot evaluate as given fails the test, never counts as denied. */
async function decide(
  principal: string,
  request: Request,
  identity: Policy[],
  sessionPolicy?: Policy,
): Promise<Decision> {
  const tag = request.tag === undefined ? A : request.tag;
  const contextVariables: Record<string, string | string[]> = {
    ...(request.leadingKeys && { "dynamodb:LeadingKeys": request.leadingKeys }),
    ...(tag !== null && { [`aws:PrincipalTag/${TENANT_SESSION_TAG}`]: tag }),
  };
  const result = await runSimulation(
    {
      request: {
        principal,
        action: request.action,
        resource: { resource: arnOf(request.on), accountId: DEPLOYED.account },
        contextVariables,
      },
      identityPolicies: identity.map((policy, index) => ({ name: `policy${index}`, policy })),
      sessionPolicy,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    { simulationMode: "Strict" },
  );
  if (result.resultType !== "single") throw new Error(`Not simulated: ${JSON.stringify(result)}`);
  // Every key given must be one the action carries; a dropped key would change what is evaluated.
  expect(result.result.ignoredContextKeys ?? [], request.action).toEqual([]);
  return result.overallResult as Decision;
}

function arnOf(target: Target): string {
  const arn =
    target.table === "pooled"
      ? tableArn
      : (sessionTableArns(tableArn, tenantTablePrefix, target.table)[1] as string);
  return target.index ? `${arn}/index/${target.index}` : arn;
}
const TABLES: Array<[string, Target]> = [
  ["the pooled table", { table: "pooled" }],
  ["its own table", { table: A }],
];

beforeAll(() => {
  template = synthStack("dev").template();
  resources = template.toJSON().Resources;
  const [, api] =
    Object.entries(resources).find(
      ([id, resource]) => resource.Type === "AWS::Lambda::Function" && id.startsWith("ApiHandler"),
    ) ?? [];
  const env = resolveIntrinsics(api?.Properties?.Environment.Variables, resources);
  tableArn = env.TABLE_ARN;
  tenantTablePrefix = env.TENANT_TABLE_PREFIX;
});

describe("a tenant's session (the tenant access role with the session policy and tag)", () => {
  /** The role alone (a session assumed without a policy), the session policy alone, and both: what AWS grants. */
  async function layers(request: Request, tenantId = A) {
    const { principal, policies, managed } = rolePolicies("ApiTenantAccessRole");
    expect(managed).toEqual([]);
    const session = tenantSessionPolicy(tenantId, sessionTableArns(tableArn, tenantTablePrefix, tenantId));
    const role = await decide(principal, request, policies);
    const sessionOnly = await decide(principal, request, [session]);
    const both = await decide(principal, request, policies, session);
    // The simulator's own intersection agrees with evaluating each layer.
    expect(both === "Allowed", "intersection").toBe(role === "Allowed" && sessionOnly === "Allowed");
    return { role, session: sessionOnly, both };
  }

  const own = (suffix = "CUSTOMER#c1") => `${A}#${suffix}`;
  const pooled: Target = { table: "pooled" };
  const allowed: Array<[string, Request]> = [
    ...TENANT_ITEM_ACTIONS.flatMap((action) =>
      TABLES.map(([where, on]): [string, Request] => [
        `${action} on ${where} with its own keys`,
        { action, on, leadingKeys: action.startsWith("dynamodb:Batch") ? [own(), own("USER#u1")] : [own()] },
      ]),
    ),
    ...INDEXES.flatMap((name) =>
      TABLES.map(([where, on]): [string, Request] => [
        `dynamodb:Query on ${where}'s index ${name} with its own keys`,
        { action: "dynamodb:Query", on: { ...on, index: name }, leadingKeys: [own("OWNER#u1")] },
      ]),
    ),
  ];

  it.each(allowed)("allows %s", async (_name, request) => {
    expect(await layers(request)).toEqual({ role: "Allowed", session: "Allowed", both: "Allowed" });
  });

  /** Each row says which layers must deny on their own; the session as a whole always must. */
  type Denied = [string, Request, { role: boolean; session: boolean }];
  const both = { role: true, session: true };
  const denied: Denied[] = [
    ...TENANT_ITEM_ACTIONS.map(
      (action): Denied => [
        `${action} on another tenant's keys`,
        { action, on: pooled, leadingKeys: [`${B}#CUSTOMER#c1`] },
        both,
      ],
    ),
    ...INDEXES.map(
      (name): Denied => [
        `dynamodb:Query on index ${name} with another tenant's key`,
        { action: "dynamodb:Query", on: { ...pooled, index: name }, leadingKeys: [`${B}#OWNER#u1`] },
        both,
      ],
    ),
    [
      "a batch mixing its own keys with another tenant's",
      { action: "dynamodb:BatchGetItem", on: pooled, leadingKeys: [own(), `${B}#CUSTOMER#c1`] },
      both,
    ],
    ...[`${A}X`, `${A}Xevil#CUSTOMER#c1`, A, `${A.toUpperCase()}#CUSTOMER#c1`].map(
      (key): Denied => [
        `a key that starts with its tenant id but not with "<tenantId>#" (${key})`,
        { action: "dynamodb:GetItem", on: pooled, leadingKeys: [key] },
        both,
      ],
    ),
    ...[undefined, ...INDEXES].map(
      (name): Denied => [
        `dynamodb:Scan of the table${name ? `'s index ${name}` : ""}`,
        { action: "dynamodb:Scan", on: { ...pooled, index: name } },
        both,
      ],
    ),
    ...["PartiQLSelect", "PartiQLInsert", "PartiQLUpdate", "PartiQLDelete"].map(
      (action): Denied => [
        `PartiQL (ExecuteStatement and the like: dynamodb:${action}) even on its own keys`,
        { action: `dynamodb:${action}`, on: pooled, leadingKeys: [own()] },
        both,
      ],
    ),
    ...["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"].map(
      (action): Denied => [
        `${action} on its own keys from a session without the TenantId tag`,
        { action, on: pooled, leadingKeys: [own()], tag: null },
        { role: true, session: false },
      ],
    ),
    [
      "a session tagged for another tenant, even with this tenant's policy and keys",
      { action: "dynamodb:GetItem", on: pooled, leadingKeys: [own()], tag: B },
      { role: true, session: false },
    ],
    [
      "its own keys in another tenant's table (the role allows every tenant table; the session policy does not)",
      { action: "dynamodb:PutItem", on: { table: B }, leadingKeys: [own()] },
      { role: false, session: true },
    ],
  ];

  it.each(denied)("denies %s", async (_name, request, deniedBy) => {
    const decision = await layers(request);
    expect(decision.both).not.toBe("Allowed");
    if (deniedBy.role) expect(decision.role, "the role alone").not.toBe("Allowed");
    if (deniedBy.session) expect(decision.session, "the session policy alone").not.toBe("Allowed");
  });
});

describe("the functions' own roles", () => {
  const pooled: Target = { table: "pooled" };
  const tenantReads = (tenantId: string): Request[] => [
    ...TENANT_ITEM_ACTIONS.map((action) => ({
      action,
      on: pooled,
      leadingKeys: [`${tenantId}#CUSTOMER#c1`],
      tag: null,
    })),
    ...INDEXES.map((name) => ({
      action: "dynamodb:Query",
      on: { ...pooled, index: name },
      leadingKeys: [`${tenantId}#OWNER#u1`],
      tag: null,
    })),
    { action: "dynamodb:Scan", on: pooled, tag: null },
    // A tenant's key smuggled in beside the listing partition.
    {
      action: "dynamodb:Query",
      on: { ...pooled, index: TENANT_LISTING.index },
      leadingKeys: [TENANT_LISTING.partition, `${tenantId}#OWNER#u1`],
      tag: null,
    },
  ];

  it.each(["JobsDispatcher", "JobsWorker", "ApiHandler"])(
    "%s's role reads and writes no tenant's items itself",
    async (fn) => {
      const { principal, policies, managed } = rolePolicies(`${fn}ServiceRole`);
      // The one managed policy lets the function write its logs, nothing else.
      expect(managed).toEqual(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
      for (const tenantId of [A, B]) {
        for (const request of tenantReads(tenantId)) {
          expect(await decide(principal, request, policies), JSON.stringify(request)).not.toBe("Allowed");
        }
      }
    },
  );

  it("lets the nightly dispatcher query the tenant listing, and only that partition", async () => {
    const { principal, policies } = rolePolicies("JobsDispatcherServiceRole");
    const listing: Request = {
      action: "dynamodb:Query",
      on: { table: "pooled", index: TENANT_LISTING.index },
      leadingKeys: [TENANT_LISTING.partition],
      tag: null,
    };
    expect(await decide(principal, listing, policies)).toBe("Allowed");
    for (const key of [`${A}#${TENANT_LISTING.partition}`, `${TENANT_LISTING.partition}#x`, "TENANTSX"]) {
      expect(await decide(principal, { ...listing, leadingKeys: [key] }, policies), key).not.toBe("Allowed");
    }
    for (const name of INDEXES.filter((name) => name !== TENANT_LISTING.index)) {
      expect(
        await decide(principal, { ...listing, on: { table: "pooled", index: name } }, policies),
        name,
      ).not.toBe("Allowed");
    }
  });
});

/**
 * Resolves CloudFormation intrinsics in a synthesized template the way a
 * deployment would, with made-up values for what only a deployment knows:
 * so tests can read a policy or a header as AWS will see it.
 */
export const DEPLOYED = {
  partition: "aws",
  region: "eu-west-1",
  account: "111122223333",
  urlSuffix: "amazonaws.com",
};

const PSEUDO: Record<string, string> = {
  "AWS::Partition": DEPLOYED.partition,
  "AWS::Region": DEPLOYED.region,
  "AWS::AccountId": DEPLOYED.account,
  "AWS::URLSuffix": DEPLOYED.urlSuffix,
};

export type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

/**
 * What a Ref or Fn::GetAtt gives, for the resource kinds the tests read;
 * anything else becomes a placeholder naming it ("<Ref:Id>", "<Id.Attr>").
 */
function refOf(resources: Resources, id: string): string {
  if (PSEUDO[id]) return PSEUDO[id];
  const resource = resources[id];
  if (resource?.Type === "AWS::DynamoDB::GlobalTable") return resource.Properties?.TableName;
  if (resource?.Type === "AWS::IAM::Role") return `${id}-role`;
  return `<Ref:${id}>`;
}

function attributeOf(resources: Resources, id: string, attribute: string): string {
  const resource = resources[id];
  const { partition, region, account, urlSuffix } = DEPLOYED;
  if (resource?.Type === "AWS::DynamoDB::GlobalTable" && attribute === "Arn")
    return `arn:${partition}:dynamodb:${region}:${account}:table/${refOf(resources, id)}`;
  if (resource?.Type === "AWS::IAM::Role" && attribute === "Arn")
    return `arn:${partition}:iam::${account}:role/${refOf(resources, id)}`;
  if (resource?.Type === "AWS::ApiGatewayV2::Api" && attribute === "ApiEndpoint")
    return `https://${refOf(resources, id)}.execute-api.${region}.${urlSuffix}`;
  return `<${id}.${attribute}>`;
}

export function resolveIntrinsics(value: unknown, resources: Resources): any {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, resources));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  const [key, argument] = entries[0] ?? [];
  if (entries.length === 1 && key === "Ref") return refOf(resources, argument as string);
  if (entries.length === 1 && key === "Fn::GetAtt") {
    const [id, attribute] = argument as [string, string];
    return attributeOf(resources, id, attribute);
  }
  if (entries.length === 1 && key === "Fn::Join") {
    const [separator, parts] = argument as [string, unknown[]];
    return resolveIntrinsics(parts, resources).join(separator);
  }
  if (entries.length === 1 && key === "Fn::Sub" && typeof argument === "string")
    return argument.replace(/\$\{([^}]+)\}/g, (_, name: string) => refOf(resources, name));
  if (entries.length === 1 && key?.startsWith("Fn::"))
    throw new Error(`${key} is not resolved here: teach resolveIntrinsics.`);
  return Object.fromEntries(entries.map(([name, item]) => [name, resolveIntrinsics(item, resources)]));
}

/** Every resource another one depends on (Ref, Fn::GetAtt, Fn::Sub, DependsOn), by logical id. */
export function dependenciesOf(resource: unknown, resources: Resources): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== "object") return;
    for (const [key, item] of Object.entries(value)) {
      if (key === "Ref" && typeof item === "string" && resources[item]) found.add(item);
      else if (key === "Fn::GetAtt") found.add((item as string[])[0] as string);
      else if (key === "Fn::Sub") {
        const text = Array.isArray(item) ? item[0] : item;
        for (const [, name] of String(text).matchAll(/\$\{([^}.]+)[^}]*\}/g))
          if (name && resources[name]) found.add(name);
        if (Array.isArray(item)) visit(item[1]);
      } else visit(item);
    }
  };
  const { DependsOn, Properties } = resource as { DependsOn?: string | string[]; Properties?: unknown };
  visit(Properties);
  for (const id of [DependsOn ?? []].flat()) found.add(id);
  return found;
}

/** A dependency cycle among the template's resources (CloudFormation refuses to deploy one), or undefined. */
export function findCycle(resources: Resources): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "visiting");
    path.push(id);
    for (const next of dependenciesOf(resources[id], resources)) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const id of Object.keys(resources)) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

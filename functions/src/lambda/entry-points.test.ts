import { afterEach, describe, expect, it, vi } from "vitest";
import { LOCAL_ONLY_ENV } from "../config.js";

/** What CDK sets on the functions (values are placeholders: nothing is called at import). */
const CLOUD_ENV = {
  AWS_REGION: "eu-west-1",
  TABLE_NAME: "crm-dev",
  TABLE_ARN: "arn:aws:dynamodb:eu-west-1:111122223333:table/crm-dev",
  TENANT_TABLE_PREFIX: "crm-dev-tenant-",
  TENANT_ACCESS_ROLE_ARN: "arn:aws:iam::111122223333:role/tenant-access",
  USER_POOL_ID: "eu-west-1_pool",
  USER_POOL_CLIENT_ID: "client",
  WEB_URL: "https://web.example",
  JOB_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs",
  DEPLOYMENT_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:deployment",
  LIMITS_TABLE_NAME: "crm-dev-limits",
};

const ENTRY_POINTS = {
  api: () => import("./api.js"),
  "jobs-worker": () => import("./jobs-worker.js"),
  "jobs-dispatcher": () => import("./jobs-dispatcher.js"),
};

function stubEnv(env: Record<string, string>) {
  for (const name of LOCAL_ONLY_ENV) vi.stubEnv(name, undefined);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  // Each import evaluates the module afresh, as a new Lambda container would.
  vi.resetModules();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("Lambda entry points", () => {
  it.each(Object.entries(ENTRY_POINTS))(
    "%s starts with the environment CDK gives it",
    async (_name, load) => {
      stubEnv(CLOUD_ENV);
      await expect(load()).resolves.toHaveProperty("handler");
    },
  );

  const cases = Object.entries(ENTRY_POINTS).flatMap(([name, load]) =>
    LOCAL_ONLY_ENV.map((variable) => [name, variable, load] as const),
  );
  it.each(cases)("%s refuses to start with %s set, naming it", async (_name, variable, load) => {
    stubEnv({
      ...CLOUD_ENV,
      [variable]: variable === "DEPLOYMENT_SECRET_FILE" ? "/tmp/x" : "http://127.0.0.1:1",
    });
    await expect(load()).rejects.toThrow(new RegExp(`Refusing to start: ${variable} is set`));
  });
});

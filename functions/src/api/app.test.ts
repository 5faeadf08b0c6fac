import { randomBytes } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import {
  AdminInitiateAuthCommand,
  CognitoIdentityProviderClient,
  InternalErrorException,
} from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CrmStore, SharedTenantClients } from "@crm/data";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it, vi } from "vitest";
import { DeploymentKeys } from "../deployment-keys.js";
import { CognitoIdentity } from "../identity/identity.js";
import { TokenVerifier } from "../identity/token-verifier.js";
import { createApi } from "./app.js";

// A failing identity provider cannot be had from cognito-local: mocked here, to see what a client is told.
const cognito = mockClient(CognitoIdentityProviderClient);

function apiWithFailingIdentity() {
  cognito.reset();
  cognito.on(AdminInitiateAuthCommand).rejects(
    new InternalErrorException({
      message: "arn:aws:cognito-idp:eu-west-1:123456789012 exploded",
      $metadata: {},
    }),
  );
  const client = new CognitoIdentityProviderClient({ region: "eu-west-1" });
  return createApi({
    store: new CrmStore(
      new SharedTenantClients(new DynamoDBClient({ region: "eu-west-1" })),
      new DynamoDBClient({ region: "eu-west-1" }),
      {
        pooledTableName: "crm",
        tenantTablePrefix: "crm-tenant-",
      },
    ),
    identity: new CognitoIdentity(client, "eu-west-1_pool", "client"),
    verifier: new TokenVerifier("https://issuer.example", "client", async () => {
      throw new Error("no keys in this test");
    }),
    keys: DeploymentKeys.of(randomBytes(32)),
    enqueue: async () => undefined,
  });
}

describe("server errors", () => {
  it("answer 500 problem+json that names no internals, and log the error with the request's id", async () => {
    const api = apiWithFailingIdentity();
    // Every request logs through a child logger; catch what it logs (and keep it off the test output).
    const spy = vi.spyOn(Logger.prototype, "error").mockImplementation(() => undefined);
    try {
      const response = await api.request("/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "a@example.com", password: "Whatever-123" }),
      });
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ status: 500, title: "Internal error" });
      expect(text).not.toMatch(/arn:|123456789012|InternalErrorException|at .*\.ts|stack/);

      const requestId = response.headers.get("x-request-id");
      expect(spy).toHaveBeenCalledTimes(1);
      const [message, logged] = spy.mock.calls[0] ?? [];
      expect(message).toBe("unhandled error");
      expect(logged).toMatchObject({ name: "InternalErrorException" });
      const logger = spy.mock.contexts[0] as Logger;
      expect(logger.getPersistentLogAttributes()).toMatchObject({ requestId });
    } finally {
      spy.mockRestore();
    }
  });
});

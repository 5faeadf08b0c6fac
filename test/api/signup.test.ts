import { DescribeTableCommand, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { createDynamoClient } from "@crm/data";
import { DEFAULT_SCORING } from "@crm/domain";
import { dynamoConnection } from "@crm/functions/config";
import { tenantIdFromKey } from "@crm/functions/services/onboarding";
import { describe, expect, it } from "vitest";
import { call, crm, login, PASSWORD, uniqueEmail } from "../support/api.js";

const signupBody = (email: string, extra: Record<string, unknown> = {}) => ({
  companyName: "Northwind",
  adminName: "Nora Admin",
  adminEmail: email,
  password: PASSWORD,
  ...extra,
});

describe("signup", () => {
  it("creates the tenant, its admin and default settings from the signup language", async () => {
    const email = uniqueEmail("zh");
    const answer = await call("POST", "/v1/signup", { body: signupBody(email, { locale: "zh-CN" }) });
    expect(answer.status).toBe(201);
    expect(answer.body.tenantId).toMatch(/^t[0-9a-f]{24}$/);
    expect(answer.body.plan).toBe("pooled");
    expect(answer.body.admin).toMatchObject({ email, role: "admin", status: "active", active: true });
    expect(answer.body.settings).toEqual({
      companyName: "Northwind",
      locale: "zh-CN",
      currency: "CNY",
      timeZone: "Asia/Shanghai",
      phoneRegion: "CN",
      repVisibility: "all",
      repsMayHandOver: false,
      scoring: DEFAULT_SCORING,
    });
    const session = await login(email);
    const me = await call("GET", "/v1/me", { token: session.accessToken });
    expect(me.body.tenant.id).toBe(answer.body.tenantId);
  });

  it("refuses an email that already has an account with 409", async () => {
    const email = uniqueEmail("dup");
    expect((await call("POST", "/v1/signup", { body: signupBody(email) })).status).toBe(201);
    const again = await call("POST", "/v1/signup", { body: signupBody(email.toUpperCase()) });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
  });

  it("answers a retry with the same Idempotency-Key as the first time and creates nothing new", async () => {
    const email = uniqueEmail("retry");
    const headers = { "idempotency-key": `signup-${email}` };
    const first = await call("POST", "/v1/signup", { body: signupBody(email), headers });
    const retries = await Promise.all(
      [1, 2, 3].map(() => call("POST", "/v1/signup", { body: signupBody(email), headers })),
    );
    expect(first.status).toBe(201);
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
    }
  });

  it("lets a signup refused as invalid be corrected and sent again under the same key", async () => {
    const email = uniqueEmail("fix");
    const headers = { "idempotency-key": `fix-${email}` };
    const refused = await call("POST", "/v1/signup", {
      body: signupBody(email, { password: "weak" }),
      headers,
    });
    expect(refused.status).toBe(400);
    const corrected = await call("POST", "/v1/signup", { body: signupBody(email), headers });
    expect(corrected.status).toBe(201);
    const retried = await call("POST", "/v1/signup", { body: signupBody(email), headers });
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.body).toEqual(corrected.body);
  });

  it("refuses the same Idempotency-Key for a different signup with 422", async () => {
    const headers = { "idempotency-key": `reuse-${uniqueEmail("k")}` };
    expect((await call("POST", "/v1/signup", { body: signupBody(uniqueEmail("a")), headers })).status).toBe(
      201,
    );
    const other = await call("POST", "/v1/signup", { body: signupBody(uniqueEmail("b")), headers });
    expect(other.status).toBe(422);
  });

  it("lists every problem of a bad signup and writes nothing", async () => {
    const email = uniqueEmail("bad");
    const answer = await call("POST", "/v1/signup", {
      body: { companyName: "", adminEmail: "not-an-email", password: "short", plan: "gold" },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    const paths = answer.body.errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining(["companyName", "adminName", "adminEmail", "password", "plan"]),
    );
    for (const error of answer.body.errors) expect(error.message).toEqual(expect.any(String));

    const weak = await call("POST", "/v1/signup", { body: signupBody(email, { password: "alllowercase" }) });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.map((error: { message: string }) => error.message)).toEqual([
      "Include an uppercase letter.",
      "Include a digit.",
    ]);
    // Nothing was written: the same email signs up cleanly afterwards.
    expect((await call("POST", "/v1/signup", { body: signupBody(email) })).status).toBe(201);
  });

  it("refuses a plan chosen at signup with 400 naming the field, and creates no table", async () => {
    const email = uniqueEmail("plan");
    const key = `plan-${email}`;
    const headers = { "idempotency-key": key };
    const answer = await call("POST", "/v1/signup", {
      body: signupBody(email, { plan: "dedicated" }),
      headers,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: "plan", code: "not-accepted" })]);
    const { config } = crm();
    const dynamo = createDynamoClient(dynamoConnection(config));
    const tableName = `${config.tenantTablePrefix}${tenantIdFromKey(key)}`;
    await expect(dynamo.send(new DescribeTableCommand({ TableName: tableName }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    dynamo.destroy();

    // The dedicated plan is an operator's move (pnpm tenant:move, test/api/tenant-move.test.ts).
    const pooled = await call("POST", "/v1/signup", { body: signupBody(email), headers });
    expect(pooled.status).toBe(201);
    expect(pooled.body.plan).toBe("pooled");
    const openapi = await call("GET", "/v1/openapi.json");
    expect(Object.keys(openapi.body.components.schemas.SignupInput.properties)).not.toContain("plan");
  });
});

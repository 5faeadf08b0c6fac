import { createHash, randomUUID } from "node:crypto";
import { tenantIdFromKey } from "@crm/functions/services/onboarding";
import { describe, expect, it } from "vitest";
import { type Answer, call, PASSWORD, signUpTenant, type TestTenant, uniqueEmail } from "../support/api.js";
import { itemsUnder } from "../support/table.js";

const signupBody = (email: string) => ({
  companyName: "Keyed Ltd",
  adminName: "Kim Keyed",
  adminEmail: email,
  password: PASSWORD,
});

/** The idempotency records a tenant holds for one key, whoever made them. */
const recordsOf = async (tenantId: string, key: string) =>
  (await itemsUnder(`${tenantId}#IDEMPOTENCY`)).filter((item) => String(item.sk).endsWith(`#${key}`));

const sha256 = (text: string, encoding: "base64url" | "hex") =>
  createHash("sha256").update(text).digest(encoding);

describe("idempotency keys", () => {
  it("stores a replayable invitation without its link; a replay gets a fresh link that revokes the first", async () => {
    const { tenantId, admin } = await signUpTenant("replay-secret");
    const key = randomUUID();
    const body = { email: uniqueEmail("secret"), name: "Sam Secret", role: "rep" };
    const invite = () =>
      call("POST", "/v1/users", { token: admin.token, headers: { "idempotency-key": key }, body });
    const first = await invite();
    expect(first.status).toBe(201);
    const { token, url } = first.body.invitation;
    const secret = token.split(".")[1];

    const [record, ...others] = await recordsOf(tenantId, key);
    expect(others).toEqual([]);
    expect(record?.state).toBe("done");
    const stored = JSON.stringify(record);
    for (const leaked of [token, secret, url]) expect(stored).not.toContain(leaked);

    const replay = await invite();
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toMatchObject({ id: first.body.id, email: body.email, status: "invited" });
    expect(replay.body.invitation.token).not.toBe(token);
    expect(replay.body.invitation.url).toContain(`/invite#${replay.body.invitation.token}`);
    expect(JSON.stringify(await recordsOf(tenantId, key))).not.toContain(replay.body.invitation.token);

    const accept = (link: string) =>
      call("POST", "/v1/auth/invitations/accept", { body: { token: link, password: PASSWORD } });
    expect((await accept(token)).status).toBe(410);
    expect((await accept(replay.body.invitation.token)).status).toBe(200);
  });

  it("fingerprints a signup with the deployment's key, never a plain hash of the body and its password", async () => {
    const key = randomUUID();
    const body = signupBody(uniqueEmail("fingerprint"));
    const answer = await call("POST", "/v1/signup", { body, headers: { "idempotency-key": key } });
    expect(answer.status).toBe(201);
    const [record] = await recordsOf(tenantIdFromKey(key), key);
    const fingerprint = String(record?.fingerprint);
    expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const text = JSON.stringify(body);
    const plain = [`POST /v1/signup\n${text}`, text].flatMap((input) => [
      sha256(input, "base64url"),
      sha256(input, "hex"),
    ]);
    expect(plain).not.toContain(fingerprint);
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
  });

  type Route = {
    name: string;
    /** The tenant whose table holds the key's records, and the request under a key. */
    send: (key: string, body: unknown) => Promise<Answer>;
    recordsTenant: (key: string) => string;
    junk: unknown;
    good: () => unknown;
    /** Problems the junk has, by path. */
    problems: string[];
  };

  const routes = (tenant: TestTenant, customerId: string): Route[] => {
    const authed = (path: string) => (key: string, body: unknown) =>
      call("POST", path, { token: tenant.admin.token, headers: { "idempotency-key": key }, body });
    return [
      {
        name: "POST /v1/signup",
        send: (key, body) => call("POST", "/v1/signup", { headers: { "idempotency-key": key }, body }),
        recordsTenant: tenantIdFromKey,
        junk: { companyName: "", adminEmail: "not-an-email", password: "short" },
        good: () => signupBody(uniqueEmail("junk-signup")),
        problems: ["adminEmail", "adminName", "companyName", "password"],
      },
      {
        name: "POST /v1/customers",
        send: authed("/v1/customers"),
        recordsTenant: () => tenant.tenantId,
        junk: { kind: "robot", name: "" },
        good: () => ({ kind: "person", name: "Keyed Customer" }),
        problems: ["kind", "name"],
      },
      {
        // Valid to zod, refused by the tenant's rules: still before the key is claimed.
        name: "POST /v1/customers (tenant's rules)",
        send: authed("/v1/customers"),
        recordsTenant: () => tenant.tenantId,
        junk: { kind: "company", name: "Acme", phones: ["12"] },
        good: () => ({ kind: "company", name: "Acme Keyed" }),
        problems: ["phones.0"],
      },
      {
        name: "POST /v1/users",
        send: authed("/v1/users"),
        recordsTenant: () => tenant.tenantId,
        junk: { email: "nope", name: "", role: "boss" },
        good: () => ({ email: uniqueEmail("junk-invite"), name: "Keyed Person", role: "rep" }),
        problems: ["email", "name", "role"],
      },
      {
        name: "POST /v1/customers/{id}/transactions",
        send: authed(`/v1/customers/${customerId}/transactions`),
        recordsTenant: () => tenant.tenantId,
        junk: { occurredAt: "yesterday", amount: "lots", currency: "CNY", kind: "gift" },
        good: () => ({ occurredAt: "2026-01-02T03:04:05Z", amount: 1200, currency: "CNY", kind: "purchase" }),
        problems: ["amount", "kind", "occurredAt"],
      },
    ];
  };

  it("claims no key for a junk request: 400 with every problem, nothing stored, and the corrected request goes through", async () => {
    const tenant = await signUpTenant("junk-keys", { locale: "zh-CN" });
    const customer = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "Buyer" },
    });
    for (const route of routes(tenant, customer.body.id)) {
      const key = randomUUID();
      const junk = await route.send(key, route.junk);
      expect(junk.status, route.name).toBe(400);
      const paths = junk.body.errors.map((error: { path: string }) => error.path);
      expect([...new Set(paths)].sort(), route.name).toEqual(route.problems);
      expect(await recordsOf(route.recordsTenant(key), key), route.name).toEqual([]);

      const good = route.good();
      const done = await route.send(key, good);
      expect(done.status, route.name).toBe(201);
      const [record] = await recordsOf(route.recordsTenant(key), key);
      expect(record?.state, route.name).toBe("done");

      // Junk under a key in use is still told what is wrong, not that the key was used (422).
      const again = await route.send(key, route.junk);
      expect(again.status, route.name).toBe(400);
      expect(await recordsOf(route.recordsTenant(key), key), route.name).toEqual([record]);
      const replay = await route.send(key, good);
      expect(replay.headers.get("idempotent-replayed"), route.name).toBe("true");
    }
  });
});

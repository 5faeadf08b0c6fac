import { describe, expect, it } from "vitest";
import { call, signUpTenant } from "../support/api.js";
import { claimsOf, forgeToken, unsignedToken } from "../support/tokens.js";

/** Every way a token can be wrong answers 401, and the same 401 whatever the route. */
describe("forged and broken tokens", async () => {
  const tenant = await signUpTenant("tokens");
  const other = await signUpTenant("tokens-other");
  const real = claimsOf(tenant.admin.token);
  const own = { sub: real.sub, email: real.email, "custom:tenantId": real["custom:tenantId"] };

  const cases: Array<[string, () => Promise<string> | string]> = [
    ["signed by a key that is not the pool's", () => forgeToken(own, { key: "stranger" })],
    [
      "signed with the key cognito-local's npm package ships",
      () => forgeToken(own, { key: "cognito-local-package" }),
    ],
    ["with alg none", () => unsignedToken({ ...own, token_use: "id" })],
    ["expired", () => forgeToken(own, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })],
    [
      "from another issuer",
      () => forgeToken(own, { issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other" }),
    ],
    ["for another app client", () => forgeToken(own, { audience: "some-other-client" })],
    ["without a tenant claim", () => forgeToken({ sub: own.sub, email: own.email })],
    ["with a malformed tenant claim", () => forgeToken({ ...own, "custom:tenantId": "../../etc" })],
    ["that is an access token, not an ID token", () => forgeToken({ ...own, token_use: "access" })],
    ["naming another tenant for this user", () => forgeToken({ ...own, "custom:tenantId": other.tenantId })],
    [
      "naming a tenant that does not exist",
      () => forgeToken({ ...own, "custom:tenantId": "t000000000000000000000000" }),
    ],
    [
      "with its tenant claim edited after signing",
      () => {
        const [header, , signature] = tenant.admin.token.split(".");
        const payload = Buffer.from(JSON.stringify({ ...real, "custom:tenantId": other.tenantId })).toString(
          "base64url",
        );
        return `${header}.${payload}.${signature}`;
      },
    ],
    ["that is not a JWT at all", () => "definitely-not-a-jwt"],
  ];

  it("accepts the genuine token (the control)", async () => {
    expect((await call("GET", "/v1/me", { token: tenant.admin.token })).status).toBe(200);
    // A token the test signs with this install's key and the genuine claims is accepted too,
    // so each refusal below is down to the one claim it changes.
    expect((await call("GET", "/v1/me", { token: await forgeToken(own) })).status).toBe(200);
  });

  it.each(cases)("refuses a token %s with 401", async (_name, make) => {
    const token = await make();
    for (const [method, path] of [
      ["GET", "/v1/me"],
      ["GET", "/v1/users"],
      ["GET", "/v1/tenant/settings"],
    ] as const) {
      const answer = await call(method, path, { token });
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.headers.get("content-type")).toContain("application/problem+json");
    }
  });
});

import { describe, expect, it } from "vitest";
import { call, login, PASSWORD, signUpTenant, uniqueEmail } from "../support/api.js";

describe("sessions", () => {
  it("signs in with email and password and shows who I am", async () => {
    const { admin, tenantId } = await signUpTenant("me");
    const session = await login(admin.email.toUpperCase());
    expect(session).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect(session.expiresIn).toBeGreaterThan(60);
    const me = await call("GET", "/v1/me", { token: session.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: admin.id, email: admin.email, role: "admin" });
    expect(me.body.tenant).toMatchObject({ id: tenantId, plan: "pooled" });
  });

  it("answers a wrong password and an unknown email alike, without saying which", async () => {
    const { admin } = await signUpTenant("wrong");
    const wrongPassword = await call("POST", "/v1/auth/login", {
      body: { email: admin.email, password: "Nope-12345" },
    });
    const unknownEmail = await call("POST", "/v1/auth/login", {
      body: { email: uniqueEmail("nobody"), password: PASSWORD },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
  });

  it("refreshes a session with the refresh token", async () => {
    const { admin } = await signUpTenant("refresh");
    const refreshed = await call("POST", "/v1/auth/refresh", { body: { refreshToken: admin.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await call("GET", "/v1/me", { token: refreshed.body.accessToken })).status).toBe(200);
    const bogus = await call("POST", "/v1/auth/refresh", { body: { refreshToken: "not-a-token" } });
    expect(bogus.status).toBe(401);
  });

  it("refuses every /v1 route but the public ones without a token", async () => {
    for (const [method, path] of [
      ["GET", "/v1/me"],
      ["GET", "/v1/users"],
      ["POST", "/v1/users"],
      ["GET", "/v1/tenant/settings"],
      ["PATCH", "/v1/tenant/settings"],
    ] as const) {
      const answer = await call(method, path, { body: method === "GET" ? undefined : {} });
      expect(answer.status, `${method} ${path}`).toBe(401);
    }
    expect((await call("GET", "/v1/me", { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });
});

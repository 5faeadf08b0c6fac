import { DomainError } from "@crm/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { countEvent } from "../../observability.js";
import { acceptInvitation } from "../../services/invitations.js";
import { openSession } from "../../services/sessions.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { AcceptInvitationInput, json, jsonBody, LoginInput, RefreshInput, Session } from "../schemas.js";

const login = createRoute({
  method: "post",
  path: "/v1/auth/login",
  tags: ["Sessions"],
  summary: "Sign in with email and password",
  request: { body: jsonBody(LoginInput) },
  responses: { 200: json(Session), ...problemResponses(400, 401) },
});

const refresh = createRoute({
  method: "post",
  path: "/v1/auth/refresh",
  tags: ["Sessions"],
  summary: "Get a new access token with a refresh token",
  request: { body: jsonBody(RefreshInput) },
  responses: { 200: json(Session), ...problemResponses(400, 401) },
});

const logout = createRoute({
  method: "post",
  path: "/v1/auth/logout",
  tags: ["Sessions"],
  summary: "Revoke a refresh token",
  request: { body: jsonBody(RefreshInput) },
  responses: { 204: { description: "Revoked" }, ...problemResponses(400) },
});

const accept = createRoute({
  method: "post",
  path: "/v1/auth/invitations/accept",
  tags: ["Sessions"],
  summary: "Accept an invitation: set a password and sign in",
  request: { body: jsonBody(AcceptInvitationInput) },
  responses: { 200: json(Session), ...problemResponses(400) },
});

export function registerAuth(app: OpenAPIHono<AppEnv>) {
  app.openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    const { deps } = c.var;
    try {
      return c.json(await openSession(deps, await deps.identity.login(email, password)), 200);
    } catch (error) {
      if (error instanceof DomainError && error.kind === "unauthenticated") countEvent("SignInFailed");
      throw error;
    }
  });

  app.openapi(refresh, async (c) => {
    const { deps } = c.var;
    return c.json(
      await openSession(deps, await deps.identity.refresh(c.req.valid("json").refreshToken)),
      200,
    );
  });

  app.openapi(logout, async (c) => {
    await c.var.deps.identity.revoke(c.req.valid("json").refreshToken);
    return c.body(null, 204);
  });

  app.openapi(accept, async (c) => {
    const { token, password } = c.req.valid("json");
    const { deps } = c.var;
    return c.json(await acceptInvitation(deps, token, password, nowOf(deps)), 200);
  });
}

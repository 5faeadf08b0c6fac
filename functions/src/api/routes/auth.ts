import { DomainError } from "@crm/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { countEvent } from "../../observability.js";
import { acceptInvitation } from "../../services/invitations.js";
import { openSession } from "../../services/sessions.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { RATE_LIMITS } from "../rate-limit-policy.js";
import { countSignInFailure, limitByAddress } from "../rate-limits.js";
import { AcceptInvitationInput, json, jsonBody, LoginInput, RefreshInput, Session } from "../schemas.js";

const login = createRoute({
  method: "post",
  path: "/v1/auth/login",
  tags: ["Sessions"],
  summary: "Sign in with email and password",
  description: `Limited per client address and per account: past ${RATE_LIMITS.signInFailuresPerAccount.attempts} failed sign-ins to one account in a ${RATE_LIMITS.signInFailuresPerAccount.windowSeconds / 60}-minute window, every sign-in to it (the right password too) answers 429 with Retry-After until the window ends.`,
  middleware: [limitByAddress("login")],
  request: { body: jsonBody(LoginInput) },
  responses: { 200: json(Session), ...problemResponses(400, 401, 429) },
});

const refresh = createRoute({
  method: "post",
  path: "/v1/auth/refresh",
  tags: ["Sessions"],
  summary: "Get a new access token with a refresh token",
  middleware: [limitByAddress("refresh")],
  request: { body: jsonBody(RefreshInput) },
  responses: { 200: json(Session), ...problemResponses(400, 401, 429) },
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
  description:
    "A link works once, and only while it is the person's newest and has not expired: a used, replaced or expired link answers 410 and changes nothing.",
  middleware: [limitByAddress("accept-invitation")],
  request: { body: jsonBody(AcceptInvitationInput) },
  responses: { 200: json(Session), ...problemResponses(400, 410, 429) },
});

export function registerAuth(app: OpenAPIHono<AppEnv>) {
  app.openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    const { deps } = c.var;
    const attempt = await countSignInFailure(deps, email);
    const session = await deps.identity
      .login(email, password)
      .then((tokens) => openSession(deps, tokens))
      .catch(async (error: unknown) => {
        if (error instanceof DomainError && error.kind === "unauthenticated") countEvent("SignInFailed");
        else await attempt.giveBack();
        throw error;
      });
    // Not a failure after all. Should giving it back fail, the account keeps one failure too many: no reason to refuse the session.
    await attempt.giveBack().catch((error) => c.var.log.warn("sign-in not given back", error as Error));
    return c.json(session, 200);
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

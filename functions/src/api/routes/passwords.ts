import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import {
  adminPasswordReset,
  changePassword,
  FORGOT_PASSWORD_ANSWER_MS,
  forgotPassword,
  RESET_LINK_HOURS,
  resetPassword,
} from "../../services/passwords.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import { limitByAddress } from "../rate-limits.js";
import {
  ChangePasswordInput,
  ForgotPasswordInput,
  IdParam,
  json,
  jsonBody,
  PasswordResetLink,
  ResetPasswordInput,
  Session,
} from "../schemas.js";

const change = protectedRoute(
  { roles: "signed-in", idempotent: false, tags: ["Sessions"] },
  {
    method: "post",
    path: "/v1/me/password",
    summary: "Change my password",
    description:
      "Needs the current password; a wrong one answers 400 (`currentPassword`: `password-wrong`) and counts as a failed sign-in to the account. Every session of the person ends, on every device; the answer is the one new session.",
    request: { body: jsonBody(ChangePasswordInput) },
    responses: { 200: json(Session, "Changed; a new session"), ...problemResponses(400, 401, 429) },
  },
);

const adminReset = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: ["Users"] },
  {
    method: "post",
    path: "/v1/users/{id}/password-reset",
    summary: "A password reset link for someone who has joined (admins)",
    description: `The link works once, for ${RESET_LINK_HOURS.admin} hours, and replaces the person's previous reset link; it is emailed to them too. Someone who has not set a password yet needs a new invitation link instead (409).`,
    request: { params: IdParam },
    responses: { 201: json(PasswordResetLink, "Issued"), ...problemResponses(401, 403, 404, 409) },
  },
);

const forgot = createRoute({
  method: "post",
  path: "/v1/auth/forgot-password",
  tags: ["Sessions"],
  summary: "Email me a password reset link",
  description: `Answers 202 alike, after at least ${FORGOT_PASSWORD_ANSWER_MS} ms, whether or not the email has an account. An active person who has joined gets a link that works once, for ${RESET_LINK_HOURS.requested} hour, in the language \`locale\` names (the page they asked from), else their own, unless they hold a live link an admin issued (that one is never replaced from here, and no mail goes). Limited per client address; an account gets a few mails an hour at most.`,
  middleware: [limitByAddress("forgot-password")],
  request: { body: jsonBody(ForgotPasswordInput) },
  responses: {
    202: { description: "Accepted: a mail goes if the email has an account" },
    ...problemResponses(400, 429),
  },
});

const reset = createRoute({
  method: "post",
  path: "/v1/auth/reset-password",
  tags: ["Sessions"],
  summary: "Set a new password with a reset link, and sign in",
  description:
    "A link works once, only while it is the person's newest and has not expired: a used, replaced or expired link answers 410 and changes nothing. Every other session of the person ends.",
  middleware: [limitByAddress("reset-password")],
  request: { body: jsonBody(ResetPasswordInput) },
  responses: { 200: json(Session), ...problemResponses(400, 410, 429) },
});

export function registerPasswords(app: OpenAPIHono<AppEnv>) {
  app.openapi(change, async (c) => {
    const { deps, tenant, principal } = c.var;
    return c.json(await changePassword(deps, tenant, principal, c.req.valid("json")), 200);
  });

  app.openapi(adminReset, async (c) => {
    const { deps, tenant, principal, log } = c.var;
    const { id } = c.req.valid("param");
    return c.json(await adminPasswordReset(deps, log, tenant, id, principal, nowOf(deps)), 201);
  });

  app.openapi(forgot, async (c) => {
    const { deps, log } = c.var;
    await forgotPassword(deps, log, c.req.valid("json"), nowOf(deps));
    return c.body(null, 202);
  });

  app.openapi(reset, async (c) => {
    const { token, password } = c.req.valid("json");
    const { deps } = c.var;
    return c.json(await resetPassword(deps, token, password, nowOf(deps)), 200);
  });
}

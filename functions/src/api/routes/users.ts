import { fail, inNameOrder, type User as UserRecord } from "@crm/domain";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { EmailTaken } from "../../identity/identity.js";
import { countEvent } from "../../observability.js";
import { mailInvitation } from "../../services/account-mail.js";
import { INVITATION_DAYS, issueInvitation } from "../../services/invitations.js";
import { linkUrl } from "../../services/secret-links.js";
import type { AppEnv } from "../env.js";
import { nowOf } from "../env.js";
import { callersRecords, idempotent } from "../idempotency.js";
import { problemResponses } from "../problem.js";
import { protectedRoute } from "../protected-route.js";
import {
  IdParam,
  Invitation,
  InvitedUser,
  InviteUserInput,
  ifMatchHeader,
  json,
  jsonBody,
  User,
  UserPatch,
} from "../schemas.js";
import { etagOf, expectedVersion } from "../versioning.js";

/**
 * A new link for the user, as answers carry it; it revokes the user's
 * previous link. It is emailed to them too, within the invitation mail
 * limits (`emailed` says whether it went, `notEmailedReason` why not); the
 * admin can still hand it over themselves.
 */
async function newLink(c: Context<AppEnv>, user: UserRecord) {
  const { deps, tenant, principal, log } = c.var;
  const invitation = await issueInvitation(deps, tenant, user, nowOf(deps));
  const mailing = await mailInvitation(deps, log, tenant, {
    user,
    inviterName: principal.name,
    token: invitation.token,
    days: INVITATION_DAYS,
  });
  // The emailed link's base, never the request's Host (a forged one would aim the link elsewhere).
  return { ...invitation, url: linkUrl(deps.mailLinkBase ?? "", "invite", invitation.token), ...mailing };
}

/**
 * The link is a secret: the stored answer keeps the user without it, and a
 * replay (a retry that never got the first answer) gets a fresh link, which
 * revokes the one the client never received. Once the person has joined, a
 * replay answers 409 as a new link would.
 */
const idempotentInvite = idempotent("users.invite", {
  records: callersRecords,
  replay: {
    redact: (body) => {
      const { invitation: _secret, ...user } = body as { invitation: unknown };
      return user;
    },
    complete: async (c, stored) => {
      const user = await c.var.tenant.users.get((stored as UserRecord).id);
      return { ...(stored as object), invitation: await newLink(c, user) };
    },
  },
});

const invite = protectedRoute(
  { roles: ["admin"], idempotent: true, tags: ["Users"] },
  {
    method: "post",
    path: "/v1/users",
    summary: "Invite a person to the tenant (admins)",
    request: { body: jsonBody(InviteUserInput) },
    responses: { 201: json(InvitedUser, "Invited"), ...problemResponses(400, 401, 403, 409, 422) },
  },
);

const list = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: ["Users"] },
  {
    method: "get",
    path: "/v1/users",
    summary:
      "Everyone in the tenant, by name as customers are sorted: Chinese names in pinyin order (admins)",
    responses: { 200: json(z.object({ items: z.array(User) })), ...problemResponses(401, 403) },
  },
);

const read = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: ["Users"] },
  {
    method: "get",
    path: "/v1/users/{id}",
    summary: "One user (admins)",
    request: { params: IdParam },
    responses: { 200: json(User), ...problemResponses(401, 403, 404) },
  },
);

const edit = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: ["Users"] },
  {
    method: "patch",
    path: "/v1/users/{id}",
    summary: "Change a user's role, or deactivate or reactivate them (admins)",
    request: { params: IdParam, headers: ifMatchHeader, body: jsonBody(UserPatch) },
    responses: { 200: json(User), ...problemResponses(400, 401, 403, 404, 409, 412, 428) },
  },
);

const reinvite = protectedRoute(
  { roles: ["admin"], idempotent: false, tags: ["Users"] },
  {
    method: "post",
    path: "/v1/users/{id}/invitation",
    summary: "A new invitation link for someone who has not set a password yet (admins)",
    request: { params: IdParam },
    responses: { 201: json(Invitation, "Issued"), ...problemResponses(401, 403, 404, 409) },
  },
);

export function registerUsers(app: OpenAPIHono<AppEnv>) {
  app.openapi(invite, (c) =>
    idempotentInvite(c, async () => {
      const input = c.req.valid("json");
      const { deps, tenant, principal } = c.var;
      const now = nowOf(deps);
      let userId: string;
      try {
        ({ userId } = await deps.identity.createUser({ ...input, tenantId: principal.tenantId }));
      } catch (error) {
        if (error instanceof EmailTaken) throw fail("user-email-taken");
        throw error;
      }
      try {
        const user = await tenant.users.create(
          { id: userId, ...input, passwordSet: false },
          now.toISOString(),
        );
        const invitation = await newLink(c, user);
        c.header("location", `/v1/users/${user.id}`);
        countEvent("UserInvited", { role: user.role }, { tenantId: principal.tenantId });
        return c.json({ ...user, invitation }, 201);
      } catch (error) {
        await deps.identity.deleteUser(input.email);
        throw error;
      }
    }),
  );

  app.openapi(list, async (c) =>
    c.json({ items: inNameOrder(await c.var.tenant.users.list(), (user) => user.email) }, 200),
  );

  app.openapi(read, async (c) => {
    const user = await c.var.tenant.users.get(c.req.valid("param").id);
    c.header("etag", etagOf(user.version));
    return c.json(user, 200);
  });

  app.openapi(edit, async (c) => {
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    const { deps, tenant } = c.var;
    const version = expectedVersion(c);
    const user = await tenant.users.update(id, patch, version, nowOf(deps).toISOString());
    // The user record decides access on every request; the identity provider follows it.
    if (patch.role !== undefined) await deps.identity.setRole(user.email, user.role);
    if (patch.active !== undefined) await deps.identity.setEnabled(user.email, user.active);
    c.header("etag", etagOf(user.version));
    return c.json(user, 200);
  });

  app.openapi(reinvite, async (c) => {
    const user = await c.var.tenant.users.get(c.req.valid("param").id);
    return c.json(await newLink(c, user), 201);
  });
}

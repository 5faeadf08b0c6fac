import { createHash, randomBytes } from "node:crypto";
import type { TenantData } from "@crm/data";
import { conflict, invalid, TENANT_ID_PATTERN, type User } from "@crm/domain";
import type { ApiDeps } from "../api/env.js";
import { openSession, type Session } from "./sessions.js";

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export type IssuedInvitation = { token: string; expiresAt: string };

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

const invalidInvitation = () =>
  invalid([
    {
      path: "token",
      message: "This invitation link is not valid or has expired. Ask your admin for a new one.",
    },
  ]);

/**
 * An invitation is a secret link: "<tenantId>.<32 random bytes>". The tenant
 * part only says where to look; the secret, stored hashed, is what proves it.
 */
export async function issueInvitation(tenant: TenantData, user: User, now: Date): Promise<IssuedInvitation> {
  if (user.status !== "invited") throw conflict("This person has set a password already; they can sign in.");
  const token = `${tenant.tenant.tenantId}.${randomBytes(32).toString("base64url")}`;
  const expiresAt = Math.floor(now.getTime() / 1000) + INVITATION_DAYS * 24 * 60 * 60;
  await tenant.invitations.save(hashToken(token), { userId: user.id, email: user.email, expiresAt });
  return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** The invited person sets their password and is signed in. */
export async function acceptInvitation(
  deps: ApiDeps,
  token: string,
  password: string,
  now: Date,
): Promise<Session> {
  const tenantId = token.split(".")[0] ?? "";
  const tenant = TENANT_ID_PATTERN.test(tenantId) ? await deps.store.forTenant(tenantId) : undefined;
  const hash = hashToken(token);
  const invitation = await tenant?.invitations.find(hash, Math.floor(now.getTime() / 1000));
  const user = invitation && (await tenant?.users.find(invitation.userId));
  if (!tenant || !invitation || !user?.active) throw invalidInvitation();
  await deps.identity.setPassword(user.email, password);
  await tenant.users.markPasswordSet(user.id, now.toISOString());
  await tenant.invitations.remove(hash);
  return openSession(deps, await deps.identity.login(user.email, password));
}

import { createHash, randomBytes } from "node:crypto";
import type { IssueBasis, TenantData } from "@crm/data";
import { conflict, DomainError, invalid, notFound, TENANT_ID_PATTERN, type User } from "@crm/domain";
import type { ApiDeps } from "../api/env.js";
import { rootLogger } from "../observability.js";
import { openSession, type Session } from "./sessions.js";

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

/**
 * How long an accept may take between marking the person as joined and the
 * identity provider setting their password: longer than any request runs
 * (API Gateway stops waiting at 29 s). Only after it may an admin reopen a
 * joining that died in between, so a link is never issued for an accept still running.
 */
export const JOINING_GRACE_SECONDS = 5 * 60;

export type IssuedInvitation = { token: string; expiresAt: string };

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** The secret part of a token: 32 random bytes, base64url. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const malformedInvitation = () =>
  invalid([
    {
      path: "token",
      message: "This invitation link is not valid or has expired. Ask your admin for a new one.",
    },
  ]);

/** Used, replaced by a newer link, expired, or never issued: the link cannot tell which, and need not. */
const goneInvitation = () =>
  new DomainError(
    "gone",
    "This invitation link has been used or replaced by a newer one, or it has expired. Ask your admin for a new link.",
  );

const joinedAlready = () => conflict("This person has set a password already; they can sign in.");

/**
 * An invitation is a secret link: "<tenantId>.<32 random bytes>". The tenant
 * part only says where to look; the secret, stored hashed, is what proves it.
 * Issuing one revokes the person's previous link.
 *
 * A person marked as joined whose password the identity provider never set
 * (the accept died between the two) may be invited again once the joining is
 * older than JOINING_GRACE_SECONDS: the identity provider, not our record,
 * says whether a password exists.
 */
export async function issueInvitation(
  deps: ApiDeps,
  tenant: TenantData,
  user: User,
  now: Date,
): Promise<IssuedInvitation> {
  const token = `${tenant.tenant.tenantId}.${randomBytes(32).toString("base64url")}`;
  const expiresAt = Math.floor(now.getTime() / 1000) + INVITATION_DAYS * 24 * 60 * 60;
  const invitation = { userId: user.id, email: user.email, expiresAt };
  // Another admin issuing a link at the same moment moves the record: read it again and retry.
  for (let attempt = 0; attempt < 5; attempt++) {
    const standing = await tenant.invitations.standing(user.id);
    if (!standing) throw notFound("The user");
    if (!standing.active) throw conflict("This person is deactivated. Reactivate them first.");
    let basis: IssueBasis;
    if (!standing.passwordSet) {
      basis = { replaces: standing.invitationHash };
    } else if (standing.joinedAt && (await joiningNeverFinished(deps, user, standing.joinedAt, now))) {
      basis = { reopensJoinedAt: standing.joinedAt };
    } else {
      throw joinedAlready();
    }
    if (await tenant.invitations.issue(hashToken(token), invitation, basis, now.toISOString())) {
      return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
    }
  }
  throw conflict("Someone else is issuing a link for this person. Try again.");
}

async function joiningNeverFinished(deps: ApiDeps, user: User, joinedAt: string, now: Date) {
  if (now.getTime() - Date.parse(joinedAt) < JOINING_GRACE_SECONDS * 1000) return false;
  const account = await deps.identity.findUser(user.email);
  return account !== undefined && !account.passwordSet;
}

/**
 * The invited person sets their password and is signed in. The link is taken
 * first, in one conditional write (see InvitationRepository.consume), so of two
 * accepts only one reaches the identity provider; if setting the password then
 * fails, the link is put back and works again.
 */
export async function acceptInvitation(
  deps: ApiDeps,
  token: string,
  password: string,
  now: Date,
): Promise<Session> {
  const [tenantId = "", secret = "", ...rest] = token.split(".");
  if (!TENANT_ID_PATTERN.test(tenantId) || !SECRET_PATTERN.test(secret) || rest.length > 0) {
    throw malformedInvitation();
  }
  const tenant = await deps.store.forTenant(tenantId);
  const consumed = await tenant?.invitations.consume(
    hashToken(token),
    Math.floor(now.getTime() / 1000),
    now.toISOString(),
  );
  if (!tenant || !consumed) throw goneInvitation();
  try {
    await deps.identity.setPassword(consumed.email, password);
  } catch (error) {
    // If this fails too, the admin can issue a new link once the joining's grace has passed.
    await tenant.invitations.restore(consumed, now.toISOString()).catch((failure: unknown) => {
      rootLogger().error("an invitation taken for a password that was not set could not be put back", {
        error: failure,
      });
    });
    throw error;
  }
  return openSession(deps, await deps.identity.login(consumed.email, password));
}

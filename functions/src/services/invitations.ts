import type { IssueBasis, TenantData } from "@crm/data";
import { DomainError, fail, fieldProblem, invalid, type User } from "@crm/domain";
import type { ApiDeps } from "../api/env.js";
import { rootLogger } from "../observability.js";
import { type IssuedLink, issuePasswordLink, setPasswordByLink } from "./password-links.js";
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

export type IssuedInvitation = IssuedLink;

const malformedInvitation = () => invalid([fieldProblem("token", "invitation-link-malformed")]);

/** Used, replaced by a newer link, expired, or never issued: the link cannot tell which, and need not. */
const goneInvitation = () => new DomainError("invitation-gone");

const joinedAlready = () => fail("invitation-joined-already");

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
  return issuePasswordLink(tenant, now, INVITATION_DAYS * 24 * 60 * 60, {
    standing: () => tenant.invitations.standing(user.id),
    write: async (standing, tokenHash, expiresAt) => {
      let basis: IssueBasis;
      if (!standing.passwordSet) {
        basis = { replaces: standing.liveHash };
      } else if (standing.joinedAt && (await joiningNeverFinished(deps, user, standing.joinedAt, now))) {
        basis = { reopensJoinedAt: standing.joinedAt };
      } else {
        throw joinedAlready();
      }
      const invitation = { userId: user.id, email: user.email, expiresAt };
      return tenant.invitations.issue(tokenHash, invitation, basis, now.toISOString());
    },
  });
}

async function joiningNeverFinished(deps: ApiDeps, user: User, joinedAt: string, now: Date) {
  if (now.getTime() - Date.parse(joinedAt) < JOINING_GRACE_SECONDS * 1000) return false;
  const account = await deps.identity.findUser(user.email);
  return account !== undefined && !account.passwordSet;
}

/**
 * The invited person sets their password and is signed in. The link is taken
 * first (see InvitationRepository.consume and setPasswordByLink), so of two
 * accepts only one reaches the identity provider; if setting the password
 * then fails, the link is put back and works again.
 */
export async function acceptInvitation(
  deps: ApiDeps,
  token: string,
  password: string,
  now: Date,
): Promise<Session> {
  const { taken } = await setPasswordByLink(deps, token, password, now, {
    malformed: malformedInvitation,
    gone: goneInvitation,
    take: (tenant, tokenHash, nowSeconds) =>
      tenant.invitations.consume(tokenHash, nowSeconds, now.toISOString()),
    // If this fails too, the admin can issue a new link once the joining's grace has passed.
    putBack: (tenant, consumed) =>
      tenant.invitations.restore(consumed, now.toISOString()).catch((failure: unknown) => {
        rootLogger().error("an invitation taken for a password that was not set could not be put back", {
          error: failure,
        });
      }),
  });
  return openSession(deps, await deps.identity.login(taken.email, password));
}

import type { Logger } from "@aws-lambda-powertools/logger";
import type { TenantData } from "@crm/data";
import { DomainError, fail, fieldProblem, invalid, type Locale, type User } from "@crm/domain";
import type { ApiDeps, Principal } from "../api/env.js";
import { countSignInFailure, mayMailAccount } from "../api/rate-limits.js";
import { rootLogger } from "../observability.js";
import { mailPasswordReset } from "./account-mail.js";
import { hashLinkToken, newLinkToken, tenantOfLinkToken } from "./secret-links.js";
import { openSession, type Session } from "./sessions.js";

/** How long a reset link works: one an admin hands over (chat, in person) a day; one mailed on request an hour. */
export const RESET_LINK_HOURS = { admin: 24, requested: 1 } as const;

/**
 * How long `POST /v1/auth/forgot-password` takes at least, whatever the
 * email: looking an account up, issuing a link and sending a mail take
 * time that an unknown email would not, and the answer must not tell them apart.
 */
export const FORGOT_PASSWORD_ANSWER_MS = 1_000;

export type IssuedReset = { token: string; expiresAt: string };

const goneReset = () => new DomainError("password-reset-gone");

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A new reset link for a person who has joined; it replaces their previous
 * one. Refused for someone who has not set a password yet (they need an
 * invitation link) and for someone deactivated.
 */
export async function issuePasswordReset(
  tenant: TenantData,
  user: Pick<User, "id" | "email">,
  now: Date,
  hours: number,
): Promise<IssuedReset> {
  const token = newLinkToken(tenant.tenant.tenantId);
  const expiresAt = Math.floor(now.getTime() / 1000) + hours * 60 * 60;
  // Another link issued at the same moment moves the record: read it again and retry.
  for (let attempt = 0; attempt < 5; attempt++) {
    const standing = await tenant.passwordResets.standing(user.id);
    if (!standing) throw fail("user-not-found");
    if (!standing.active) throw fail("user-deactivated");
    if (!standing.passwordSet) throw fail("password-not-set");
    const reset = { userId: user.id, email: user.email, expiresAt };
    if (await tenant.passwordResets.issue(hashLinkToken(token), reset, standing.resetHash)) {
      return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
    }
  }
  throw fail("invitation-being-issued");
}

/**
 * After the password changed: every session of the person ends (their
 * refresh tokens are revoked, and tokens issued before the new session
 * below are refused), and they get that one new session.
 */
async function endOtherSessions(
  deps: ApiDeps,
  tenant: TenantData,
  account: { userId: string; email: string },
  password: string,
): Promise<Session> {
  await deps.identity.signOutEverywhere(account.email);
  // Token times are whole seconds: the new session begins in a later second than any token issued
  // before the sign-out, so the boundary below leaves none of those alive (50 ms for clocks apart).
  await pause(1_050 - (Date.now() % 1_000));
  const tokens = await deps.identity.login(account.email, password);
  // The new session's own issue time is the boundary: no clock but the identity provider's counts.
  const { issuedAt } = await deps.verifier.verify(tokens.idToken);
  await tenant.users.endSessionsBefore(account.userId, issuedAt);
  return openSession(deps, tokens);
}

/**
 * A signed-in person changes their password. The current one must be right:
 * a wrong one counts as a failed sign-in to the account (the same limit), so
 * a stolen session cannot guess it at speed.
 */
export async function changePassword(
  deps: ApiDeps,
  tenant: TenantData,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
): Promise<Session> {
  const attempt = await countSignInFailure(deps, principal.email);
  try {
    await deps.identity.login(principal.email, input.currentPassword);
  } catch (error) {
    if (error instanceof DomainError && error.kind === "unauthenticated") {
      throw invalid([fieldProblem("currentPassword", "password-wrong")]);
    }
    await attempt.giveBack();
    throw error;
  }
  await attempt.giveBack().catch((error: unknown) => {
    rootLogger().warn("a right password was not given back", { error: (error as Error).name });
  });
  await deps.identity.setPassword(principal.email, input.newPassword);
  return endOtherSessions(
    deps,
    tenant,
    { userId: principal.userId, email: principal.email },
    input.newPassword,
  );
}

/**
 * Someone asked for a reset link by email. Whatever the email, nothing is
 * said back (the route answers 202 alike, after the same time): a link is
 * mailed only to an active person who has joined, at most
 * RATE_LIMITS.resetMailsPerAccount times an hour.
 */
export async function requestPasswordReset(
  deps: ApiDeps,
  log: Logger,
  email: string,
  now: Date,
  locale?: Locale,
): Promise<void> {
  if (!(await mayMailAccount(deps, email))) return;
  const account = await deps.identity.findUser(email);
  if (!account?.tenantId || !account.passwordSet) return;
  const tenant = await deps.store.forTenant(account.tenantId);
  const user = await tenant?.users.find(account.userId);
  if (!tenant || user?.status !== "active") return;
  const issued = await issuePasswordReset(tenant, user, now, RESET_LINK_HOURS.requested);
  await mailPasswordReset(deps, log, tenant, {
    user,
    token: issued.token,
    hours: RESET_LINK_HOURS.requested,
    ...(locale && { locale }),
  });
}

/**
 * Sets a new password with a reset link and signs the person in. The link is
 * taken first, in one conditional write, so of two uses one wins; if the
 * identity provider then fails to set the password, the link is put back.
 */
export async function resetPassword(
  deps: ApiDeps,
  token: string,
  password: string,
  now: Date,
): Promise<Session> {
  const tenantId = tenantOfLinkToken(token);
  if (!tenantId) throw invalid([fieldProblem("token", "reset-link-malformed")]);
  const tenant = await deps.store.forTenant(tenantId);
  const consumed = await tenant?.passwordResets.consume(
    hashLinkToken(token),
    Math.floor(now.getTime() / 1000),
  );
  if (!tenant || !consumed) throw goneReset();
  try {
    await deps.identity.setPassword(consumed.email, password);
  } catch (error) {
    await tenant.passwordResets.restore(consumed).catch((failure: unknown) => {
      rootLogger().error("a reset link taken for a password that was not set could not be put back", {
        error: (failure as Error).name,
      });
    });
    throw error;
  }
  return endOtherSessions(deps, tenant, consumed, password);
}

import type { TenantData } from "@crm/data";
import { DomainError, fail, fieldProblem, invalid, type Locale, type User } from "@crm/domain";
import type { ApiDeps, Principal } from "../api/env.js";
import { countSignInFailure, mayMailAccount } from "../api/rate-limits.js";
import { type RequestLog, rootLogger } from "../observability.js";
import { mailPasswordReset } from "./account-mail.js";
import { type IssuedLink, issuePasswordLink, setPasswordByLink } from "./password-links.js";
import { linkUrl } from "./secret-links.js";
import { openSession, type Session } from "./sessions.js";

/** How long a reset link works: one an admin hands over (chat, in person) a day; one mailed on request an hour. */
export const RESET_LINK_HOURS = { admin: 24, requested: 1 } as const;

/**
 * How long `POST /v1/auth/forgot-password` takes at least, whatever the
 * email: looking an account up, issuing a link and sending a mail take
 * time that an unknown email would not, and the answer must not tell them apart.
 */
export const FORGOT_PASSWORD_ANSWER_MS = 1_000;

export type IssuedReset = IssuedLink;

const goneReset = () => new DomainError("password-reset-gone");

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Who a reset link comes from: an admin, who hands it over, or the person, who asked for it by email. */
export type ResetIssuer = keyof typeof RESET_LINK_HOURS;

/** A link asked for by email would replace a live one an admin issued: it is not issued. */
class AdminLinkLive extends Error {}

/**
 * A new reset link for a person who has joined, working for
 * RESET_LINK_HOURS[issuedBy]; it replaces their previous one, except that a
 * link the person asked for never replaces a live one an admin issued
 * (AdminLinkLive: the person was handed that one, and anyone who knows their
 * email could otherwise cancel it). Refused for someone who has not set a
 * password yet (they need an invitation link) and for someone deactivated.
 */
export async function issuePasswordReset(
  tenant: TenantData,
  user: Pick<User, "id" | "email">,
  now: Date,
  issuedBy: ResetIssuer,
): Promise<IssuedReset> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return issuePasswordLink(tenant, now, RESET_LINK_HOURS[issuedBy] * 60 * 60, {
    standing: () => tenant.passwordResets.standing(user.id),
    write: async (standing, tokenHash, expiresAt) => {
      if (!standing.passwordSet) throw fail("password-not-set");
      // Decided on the link the record names; an admin's link issued after this read moves the record, and
      // the write below (conditional on the record naming this one) fails and is tried again from a new read.
      if (issuedBy === "requested" && standing.liveHash) {
        const live = await tenant.passwordResets.find(standing.liveHash);
        if (live?.issuedBy === "admin" && live.expiresAt > nowSeconds) throw new AdminLinkLive();
      }
      const reset = { userId: user.id, email: user.email, expiresAt, issuedBy };
      return tenant.passwordResets.issue(tokenHash, reset, standing.liveHash);
    },
  });
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
 * An admin's reset link for someone of their tenant who has joined: issued
 * (replacing the person's previous one), emailed to the person, and answered
 * with its URL on the emailed link's base, never the request's Host (a
 * forged one would aim the link elsewhere).
 */
export async function adminPasswordReset(
  deps: ApiDeps,
  log: RequestLog,
  tenant: TenantData,
  userId: string,
  admin: Pick<Principal, "name">,
  now: Date,
) {
  const user = await tenant.users.get(userId);
  const issued = await issuePasswordReset(tenant, user, now, "admin");
  const emailed = await mailPasswordReset(deps, log, tenant, {
    user,
    token: issued.token,
    hours: RESET_LINK_HOURS.admin,
    adminName: admin.name,
  });
  const url = linkUrl(deps.mailLinkBase ?? "", "reset-password", issued.token);
  return { ...issued, url, emailed };
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
 * RATE_LIMITS.resetMailsPerAccount times an hour, and only while they hold
 * no live link an admin issued (then nothing is mailed, and the request
 * does not count against that allowance).
 */
export async function requestPasswordReset(
  deps: ApiDeps,
  log: RequestLog,
  email: string,
  now: Date,
  locale?: Locale,
): Promise<void> {
  const allowance = await mayMailAccount(deps, email);
  if (!allowance) return;
  const account = await deps.identity.findUser(email);
  if (!account?.tenantId || !account.passwordSet) return;
  const tenant = await deps.store.forTenant(account.tenantId);
  const user = await tenant?.users.find(account.userId);
  if (!tenant || user?.status !== "active") return;
  let issued: IssuedReset;
  try {
    issued = await issuePasswordReset(tenant, user, now, "requested");
  } catch (error) {
    if (!(error instanceof AdminLinkLive)) throw error;
    await allowance.giveBack();
    return;
  }
  await mailPasswordReset(deps, log, tenant, {
    user,
    token: issued.token,
    hours: RESET_LINK_HOURS.requested,
    ...(locale && { locale }),
  });
}

/**
 * `POST /v1/auth/forgot-password`: whatever happens (no account, a
 * failure, which is logged), it ends the same way and no sooner than
 * FORGOT_PASSWORD_ANSWER_MS after it began.
 */
export async function forgotPassword(
  deps: ApiDeps,
  log: RequestLog,
  request: { email: string; locale?: Locale },
  now: Date,
): Promise<void> {
  const started = Date.now();
  await requestPasswordReset(deps, log, request.email, now, request.locale).catch((error: unknown) => {
    const { name, message } = error as Error;
    log.error("a password reset request failed", { error: { name, message } });
  });
  await pause(FORGOT_PASSWORD_ANSWER_MS - (Date.now() - started));
}

/**
 * Sets a new password with a reset link and signs the person in, ending
 * their other sessions. The link is taken first (see setPasswordByLink), so
 * of two uses one wins; if the identity provider then fails to set the
 * password, the link is put back.
 */
export async function resetPassword(
  deps: ApiDeps,
  token: string,
  password: string,
  now: Date,
): Promise<Session> {
  const used = await setPasswordByLink(deps, token, password, now, {
    malformed: () => invalid([fieldProblem("token", "reset-link-malformed")]),
    gone: goneReset,
    take: (tenant, tokenHash, nowSeconds) => tenant.passwordResets.consume(tokenHash, nowSeconds),
    putBack: (tenant, consumed) =>
      tenant.passwordResets.restore(consumed).catch((failure: unknown) => {
        rootLogger().error("a reset link taken for a password that was not set could not be put back", {
          error: (failure as Error).name,
        });
      }),
  });
  return endOtherSessions(deps, used.tenant, used.taken, password);
}

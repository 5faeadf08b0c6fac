import { limitKeys } from "@crm/data";
import { DomainError, type ProblemCode } from "@crm/domain";
import { createMiddleware } from "hono/factory";
import { countEvent } from "../observability.js";
import { clientAddress } from "./client-address.js";
import { type ApiDeps, type AppEnv, nowOf } from "./env.js";

/** At most `attempts` in each fixed window of `windowSeconds`. */
export type Limit = { attempts: number; windowSeconds: number };

/** The public routes limited per client address; each route counts on its own. */
export type AddressRule =
  | "signup"
  | "login"
  | "refresh"
  | "accept-invitation"
  | "forgot-password"
  | "reset-password";

export type RateLimits = {
  /** Failed sign-ins per account (the normalized email), from any address. */
  signInFailuresPerAccount: Limit;
  /** Requests per client address, per public route. */
  perAddress: Record<AddressRule, Limit>;
  /**
   * Password reset emails per account (the normalized email), however many
   * are asked for: past it the request is answered as always (202) and no
   * mail goes, so the answer says nothing of whether the account exists.
   */
  resetMailsPerAccount: Limit;
  /**
   * Invitation emails per recipient (the normalized email), from any tenant,
   * and per tenant: past either, the link is issued and shown to the admin
   * but not mailed (the answer says `emailed: false` and why).
   */
  invitationMailsPerRecipient: Limit;
  invitationMailsPerTenant: Limit;
};

const FIFTEEN_MINUTES = 15 * 60;

/** The limits of a deployment. The embedded stack's tests raise them; one test lowers them. */
export const RATE_LIMITS: RateLimits = {
  // More than a person mistyping, and about a thousand guesses a day: nothing against a password
  // of the policy's length. It also holds for the right password, or a guesser would learn it by a 200.
  signInFailuresPerAccount: { attempts: 10, windowSeconds: FIFTEEN_MINUTES },
  perAddress: {
    // Against one address trying many accounts a few times each (password spraying), which the
    // account limit does not see. An office or a mobile carrier puts many people behind one address.
    login: { attempts: 100, windowSeconds: FIFTEEN_MINUTES },
    // A company signs up once; each signup creates a company and an account.
    signup: { attempts: 10, windowSeconds: FIFTEEN_MINUTES },
    // Every signed-in phone refreshes about hourly, many of them behind one carrier address;
    // refresh tokens cannot be guessed, so this only bounds floods.
    refresh: { attempts: 300, windowSeconds: FIFTEEN_MINUTES },
    // An invitation is accepted once; its secret cannot be guessed, so this only bounds floods.
    "accept-invitation": { attempts: 30, windowSeconds: FIFTEEN_MINUTES },
    // Each may send an email: a person asks once or twice; more is someone filling strangers' inboxes.
    "forgot-password": { attempts: 20, windowSeconds: FIFTEEN_MINUTES },
    // A reset link is used once; its secret cannot be guessed, so this only bounds floods.
    "reset-password": { attempts: 30, windowSeconds: FIFTEEN_MINUTES },
  },
  // Enough for a person who asks again after a mail went to spam; not a way to flood one inbox.
  resetMailsPerAccount: { attempts: 5, windowSeconds: 60 * 60 },
  // An admin who resends a link a few times; not a way for a tenant to fill a stranger's inbox from our sender.
  invitationMailsPerRecipient: { attempts: 5, windowSeconds: 60 * 60 },
  // A company bringing its team on board in one sitting; not a bulk mailer on the product's verified sender.
  invitationMailsPerTenant: { attempts: 100, windowSeconds: 60 * 60 },
};

const limitsOf = (deps: ApiDeps) => deps.rateLimits ?? RATE_LIMITS;

/** One counted attempt; `giveBack` uncounts it (a sign-in that did not fail). */
export type Counted = { giveBack: () => Promise<void> };

/**
 * Counts one attempt of a subject against a fixed-window limit, in the limits
 * table: the count is shared by every API instance. Past the limit it answers
 * 429 with Retry-After (the end of the window). Only an HMAC of the subject is
 * stored, so the table holds no email or address.
 */
async function count(deps: ApiDeps, rule: string, subject: string, limit: Limit, refusal: ProblemCode) {
  const counters = deps.limitCounters;
  if (!counters) return { giveBack: async () => undefined };
  const now = nowOf(deps).getTime() / 1000;
  const windowStart = Math.floor(now / limit.windowSeconds) * limit.windowSeconds;
  const windowEnd = windowStart + limit.windowSeconds;
  const key = limitKeys.counter(rule, await deps.keys.hmac("rate-limit", subject), windowStart);
  const attempts = await counters.add(key, 1, windowEnd);
  if (attempts > limit.attempts) {
    countEvent("RateLimited", { rule });
    throw new DomainError(refusal, {
      retryAfterSeconds: Math.max(1, Math.ceil(windowEnd - now)),
      windowMinutes: Math.ceil(limit.windowSeconds / 60),
    });
  }
  return {
    giveBack: async () => {
      await counters.add(key, -1, windowEnd);
    },
  };
}

/** The one middleware of per-address limits: each limited public route names its rule. */
export const limitByAddress = (rule: AddressRule) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { deps } = c.var;
    const limit = limitsOf(deps).perAddress[rule];
    await count(deps, `address-${rule}`, clientAddress(c.env), limit, "network-rate-limited");
    await next();
  });

/**
 * Counts a sign-in to the account as failed before the password is tried, so
 * that guesses sent in parallel cannot all pass before any failure is
 * counted; the caller gives it back unless the password was wrong.
 */
export function countSignInFailure(deps: ApiDeps, email: string): Promise<Counted> {
  const limit = limitsOf(deps).signInFailuresPerAccount;
  return count(deps, "account-sign-in", email, limit, "sign-in-locked");
}

/** One more of a limited kind, or undefined past the limit (counted all the same). */
async function allowance(
  deps: ApiDeps,
  rule: string,
  subject: string,
  limit: Limit,
): Promise<Counted | undefined> {
  try {
    return await count(deps, rule, subject, limit, "network-rate-limited");
  } catch (error) {
    if (error instanceof DomainError && error.kind === "too-many-requests") return undefined;
    throw error;
  }
}

/** An email address as a counter's subject: the same account however it is written. */
const normalizedEmail = (email: string) => email.trim().toLowerCase();

/**
 * Whether one more password reset email may go to this account now: the
 * allowance (give it back if no mail goes after all), or undefined. Every
 * request is counted, for an email that has an account or not, and past the
 * limit the caller sends nothing but answers as always: the answer must not
 * tell who has an account.
 */
export function mayMailAccount(deps: ApiDeps, email: string): Promise<Counted | undefined> {
  return allowance(deps, "account-reset-mail", email, limitsOf(deps).resetMailsPerAccount);
}

/** Why an invitation email was not sent: the recipient's limit or the tenant's was reached. */
export type InvitationMailRefusal = "recipient-limit" | "tenant-limit";

/**
 * Counts one invitation email to `email` from the tenant; undefined when it
 * may go, else which limit it is past. The recipient is counted first, and
 * given back when the tenant's limit refuses, so a mail that does not go
 * costs the recipient's allowance nothing.
 */
export async function mayMailInvitation(
  deps: ApiDeps,
  tenantId: string,
  email: string,
): Promise<InvitationMailRefusal | undefined> {
  const limits = limitsOf(deps);
  const recipient = await allowance(
    deps,
    "recipient-invitation-mail",
    normalizedEmail(email),
    limits.invitationMailsPerRecipient,
  );
  if (!recipient) return "recipient-limit";
  if (!(await allowance(deps, "tenant-invitation-mail", tenantId, limits.invitationMailsPerTenant))) {
    await recipient.giveBack();
    return "tenant-limit";
  }
  return undefined;
}

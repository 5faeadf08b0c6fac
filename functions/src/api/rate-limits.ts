import { limitKeys } from "@crm/data";
import { DomainError, type ProblemCode } from "@crm/domain";
import { createMiddleware } from "hono/factory";
import { countEvent } from "../observability.js";
import { clientAddress } from "./client-address.js";
import { type ApiDeps, type AppEnv, nowOf } from "./env.js";
import { type AddressRule, type Limit, RATE_LIMITS } from "./rate-limit-policy.js";

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

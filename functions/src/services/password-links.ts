import type { TenantData } from "@crm/data";
import { fail } from "@crm/domain";
import type { ApiDeps } from "../api/env.js";
import { hashLinkToken, newLinkToken, tenantOfLinkToken } from "./secret-links.js";

/**
 * The life of a link that lets a person set a password (an invitation, a
 * password reset): issued against where the person stands, then taken once
 * to set the password. Each kind says who may have one and what taking it changes.
 */

export type IssuedLink = { token: string; expiresAt: string };

/** How one kind of link is issued. */
export type LinkIssue<Standing extends { active: boolean }> = {
  /** Where the person stands with this kind of link; undefined when there is no such person. */
  standing(): Promise<Standing | undefined>;
  /**
   * Writes the link against `standing`, throwing when the person may not
   * have one; false when their record moved since it was read.
   */
  write(standing: Standing, tokenHash: string, expiresAt: number): Promise<boolean>;
};

/**
 * A new link of the tenant that works for `seconds` from now, for an active
 * person. Another link issued at the same moment moves the person's record:
 * it is read again and the write retried, a few times.
 */
export async function issuePasswordLink<Standing extends { active: boolean }>(
  tenant: TenantData,
  now: Date,
  seconds: number,
  kind: LinkIssue<Standing>,
): Promise<IssuedLink> {
  const token = newLinkToken(tenant.tenant.tenantId);
  const expiresAt = Math.floor(now.getTime() / 1000) + seconds;
  for (let attempt = 0; attempt < 5; attempt++) {
    const standing = await kind.standing();
    if (!standing) throw fail("user-not-found");
    if (!standing.active) throw fail("user-deactivated");
    if (await kind.write(standing, hashLinkToken(token), expiresAt)) {
      return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
    }
  }
  throw fail("invitation-being-issued");
}

/** How one kind of link is taken. */
export type LinkUse<Taken extends { email: string }> = {
  /** The answer to a token that is not a link's. */
  malformed(): Error;
  /** The answer to a link used, replaced, expired or never issued. */
  gone(): Error;
  /** Takes the link in one conditional write; undefined when it is not live. */
  take(tenant: TenantData, tokenHash: string, nowSeconds: number): Promise<Taken | undefined>;
  /** Makes a taken link work again; never throws (a failure is logged). */
  putBack(tenant: TenantData, taken: Taken): Promise<unknown>;
};

/**
 * Sets a password with a link. The link is taken first, in one conditional
 * write, so of two uses only one reaches the identity provider; if setting
 * the password then fails, the link is put back and works again. Answers
 * the link taken and its tenant, for the caller to sign the person in.
 */
export async function setPasswordByLink<Taken extends { email: string }>(
  deps: ApiDeps,
  token: string,
  password: string,
  now: Date,
  kind: LinkUse<Taken>,
): Promise<{ tenant: TenantData; taken: Taken }> {
  const tenantId = tenantOfLinkToken(token);
  if (!tenantId) throw kind.malformed();
  const tenant = await deps.store.forTenant(tenantId);
  const taken = tenant && (await kind.take(tenant, hashLinkToken(token), Math.floor(now.getTime() / 1000)));
  if (!tenant || !taken) throw kind.gone();
  try {
    await deps.identity.setPassword(taken.email, password);
  } catch (error) {
    await kind.putBack(tenant, taken);
    throw error;
  }
  return { tenant, taken };
}

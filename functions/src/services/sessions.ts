import { fail } from "@crm/domain";
import type { ApiDeps } from "../api/env.js";
import type { IssuedTokens } from "../identity/identity.js";

export type Session = { accessToken: string; refreshToken: string; expiresIn: number; tokenType: "Bearer" };

/**
 * Hands out tokens only to users the tenant still has and has not
 * deactivated: the identity provider's word alone is not enough.
 */
export async function openSession(deps: ApiDeps, tokens: IssuedTokens): Promise<Session> {
  const identity = await deps.verifier.verify(tokens.idToken);
  const tenant = await deps.store.forTenant(identity.tenantId);
  const user = await tenant?.users.find(identity.userId, { tokenIssuedAt: identity.issuedAt });
  if (!user?.active) throw fail("credentials-wrong");
  return {
    accessToken: tokens.idToken,
    refreshToken: tokens.refreshToken,
    expiresIn: tokens.expiresIn,
    tokenType: "Bearer",
  };
}

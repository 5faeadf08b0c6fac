import { fail, TenantIdSchema } from "@crm/domain";
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from "jose";
import { CLAIMS } from "./identity.js";

/** issuedAt: the token's iat (epoch seconds); tokens older than a password change are refused (UserRepository.find). */
export type VerifiedIdentity = { tenantId: string; userId: string; email: string; issuedAt: number };

/**
 * Verifies the bearer token against the user pool's published keys: RS256
 * only (so "alg: none" and HMAC tricks fail), this issuer, this app client,
 * not expired, an ID token, and a well-formed tenant claim.
 */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    keys?: JWTVerifyGetKey,
  ) {
    this.keys = keys ?? createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ["RS256"],
        requiredClaims: ["sub", "exp", "iat"],
        clockTolerance: 5,
      }));
    } catch {
      throw fail("token-invalid");
    }
    const tenant = TenantIdSchema.safeParse(payload[CLAIMS.tenantId]);
    if (payload.token_use !== "id" || !tenant.success || typeof payload.sub !== "string") {
      throw fail("token-invalid");
    }
    return {
      tenantId: tenant.data,
      userId: payload.sub,
      email: String(payload.email ?? ""),
      issuedAt: Number(payload.iat),
    };
  }
}

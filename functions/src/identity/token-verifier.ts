import { fail, TenantIdSchema } from "@crm/domain";
import type { JWTVerifyGetKey } from "jose";
import { isServiceUnreachable } from "../unreachable.js";
import { CLAIMS } from "./identity.js";

/** issuedAt: the token's iat (epoch seconds); tokens older than a password change are refused (UserRepository.find). */
export type VerifiedIdentity = { tenantId: string; userId: string; email: string; issuedAt: number };

/** How many verified tokens a process remembers; past that it starts again empty. */
const VERIFIED_TOKENS = 5_000;

/**
 * Verifies the bearer token against the user pool's published keys: RS256
 * only (so "alg: none" and HMAC tricks fail), this issuer, this app client,
 * not expired, an ID token, and a well-formed tenant claim.
 *
 * A token that passed is remembered, by its exact text, until it expires: its
 * signature check (RSA, most of a cached request's work) is not redone for
 * each request a person's phone makes with it. A token that failed is not.
 */
export class TokenVerifier {
  private keySet: JWTVerifyGetKey | undefined;
  private readonly verified = new Map<string, VerifiedIdentity & { expiresAt: number }>();

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    keys?: JWTVerifyGetKey,
    private readonly now: () => number = Date.now,
  ) {
    this.keySet = keys;
  }

  /**
   * jose, loaded at the first token to check, not at a cold start; and the pool's published keys,
   * fetched then too: making the set loads fetch (undici).
   */
  private async jose() {
    const jose = await import("jose");
    this.keySet ??= jose.createRemoteJWKSet(new URL(`${this.issuer}/.well-known/jwks.json`));
    return { jwtVerify: jose.jwtVerify, keys: this.keySet };
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt > this.now()) {
        const { expiresAt: _expiresAt, ...identity } = known;
        return identity;
      }
      this.verified.delete(token);
    }
    const { expiresAt, ...identity } = await this.check(token);
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
    this.verified.set(token, { ...identity, expiresAt });
    return identity;
  }

  private async check(token: string): Promise<VerifiedIdentity & { expiresAt: number }> {
    let payload: Record<string, unknown>;
    const { jwtVerify, keys } = await this.jose();
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ["RS256"],
        requiredClaims: ["sub", "exp", "iat"],
        clockTolerance: 5,
      }));
    } catch (error) {
      // The published keys could not be fetched: the provider is down, not the token bad (503, not a sign-out).
      if (isServiceUnreachable(error)) throw error;
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
      // jwtVerify required exp: the token is remembered no longer than it is valid.
      expiresAt: Number(payload.exp) * 1000,
    };
  }
}

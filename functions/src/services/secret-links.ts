import { createHash, randomBytes } from "node:crypto";
import { TENANT_ID_PATTERN } from "@crm/domain";

/**
 * The secret links the CRM hands out (invitations, password resets) share
 * one form: "<tenantId>.<32 random bytes, base64url>". The tenant part only
 * says where to look; the secret, stored as a SHA-256 hash, is what proves
 * the link. The web client reads it from the fragment (`/invite#<token>`,
 * `/reset-password#<token>`), which never reaches a server log.
 */
export const newLinkToken = (tenantId: string) => `${tenantId}.${randomBytes(32).toString("base64url")}`;

export const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** The secret part of a token: 32 random bytes, base64url. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The tenant a well-formed token names; undefined for anything else. */
export function tenantOfLinkToken(token: string): string | undefined {
  const [tenantId = "", secret = "", ...rest] = token.split(".");
  return TENANT_ID_PATTERN.test(tenantId) && SECRET_PATTERN.test(secret) && rest.length === 0
    ? tenantId
    : undefined;
}

/** A page of the web client with the token in its fragment. */
export const linkUrl = (base: string, page: "invite" | "reset-password", token: string) =>
  `${base.replace(/\/$/, "")}/${page}#${token}`;

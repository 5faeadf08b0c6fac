import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { SignJWT } from "jose";
import { crm } from "./api.js";

const require = createRequire(import.meta.url);

/**
 * The embedded stack signs tokens with a key made for this install, kept in
 * its data dir. Tests sign with it too, to make tokens that are validly signed
 * but wrong in one claim: that shows each claim is checked, not only the signature.
 */
function installKey() {
  return createPrivateKey(readFileSync(crm().signingKeyFile, "utf8"));
}

/** The private key inside cognito-local's npm package: anyone has it, so nothing may accept it. */
function shippedKey() {
  const functionsRequire = createRequire(require.resolve("@crm/functions/config"));
  const { pem } = functionsRequire("cognito-local/lib/keys/cognitoLocal.private.json") as { pem: string };
  return createPrivateKey(pem);
}

const KEYS = {
  install: installKey,
  "cognito-local-package": shippedKey,
  stranger: () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
};

export type Claims = Record<string, unknown>;

export function issuer(): string {
  const { config } = crm();
  return `${config.cognitoEndpoint}/${config.userPoolId}`;
}

/** A token like cognito-local's ID tokens, with any claim changed. */
export async function forgeToken(
  claims: Claims,
  options: {
    /** Whose key signs it: this install's (the default), cognito-local's shipped one, or a fresh one. */
    key?: keyof typeof KEYS;
    expiresIn?: string | number;
    issuer?: string;
    audience?: string;
  } = {},
) {
  const key = KEYS[options.key ?? "install"]();
  return new SignJWT({ token_use: "id", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "CognitoLocal" })
    .setIssuedAt()
    .setIssuer(options.issuer ?? issuer())
    .setAudience(options.audience ?? crm().config.userPoolClientId)
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign(key);
}

/** The payload of a JWT, unverified: to copy real claims into a forged token. */
export function claimsOf(token: string): Claims {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims;
}

/** An unsigned token (alg none) carrying the given claims. */
export function unsignedToken(claims: Claims): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: "none", typ: "JWT" })}.${encode({ iat: now, exp: now + 3600, iss: issuer(), aud: crm().config.userPoolClientId, ...claims })}.`;
}
